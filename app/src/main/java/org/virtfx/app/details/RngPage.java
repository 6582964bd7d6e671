package org.virtfx.app.details;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.xml.XmlElement;

/** A random number generator: the model is shown, the backend is editable. */
public final class RngPage extends DetailsPage {
    private final ReadOnlyStringWrapper model = new ReadOnlyStringWrapper("");
    private final RngBackendFields backend = new RngBackendFields("", "");

    public RngPage() {
        track(backend.all());
    }

    public ReadOnlyStringProperty modelProperty() {
        return model.getReadOnlyProperty();
    }

    public RngBackendFields backend() {
        return backend;
    }

    @Override
    protected void fill(DomainDocument document, DomainSummary summary, HardwareItem item) {
        XmlElement rng = document.device(item.element(), item.index());
        model.set(rng.attribute("model").orElse(""));
        backend.load(rng.child("backend").orElse(new XmlElement("backend")));
    }

    @Override
    public String applyTo(DomainDocument document) {
        return document.editedDevice(item().element(), item().index(), backend::applyTo);
    }
}
