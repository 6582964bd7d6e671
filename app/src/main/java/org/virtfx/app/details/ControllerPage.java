package org.virtfx.app.details;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.xml.XmlElement;

/**
 * A controller: type and index shown; the model is editable for USB, SCSI, IDE and
 * virtio-serial controllers. PCI controllers only show theirs: the guest's PCI topology and
 * every device's address depend on it, which is why virt-manager does not let it change either.
 */
public final class ControllerPage extends DetailsPage {
    private final ReadOnlyStringWrapper type = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper index = new ReadOnlyStringWrapper("");
    private final StringProperty model = new SimpleStringProperty("");
    private final ObservableList<String> models = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper modelEditable = new ReadOnlyBooleanWrapper();

    public ControllerPage() {
        track(model);
    }

    public ReadOnlyStringProperty typeProperty() {
        return type.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty indexProperty() {
        return index.getReadOnlyProperty();
    }

    /** Blank for the hypervisor's default model. */
    public StringProperty modelProperty() {
        return model;
    }

    /** The models this controller's type allows. */
    public ObservableList<String> models() {
        return models;
    }

    public ReadOnlyBooleanProperty modelEditableProperty() {
        return modelEditable.getReadOnlyProperty();
    }

    @Override
    protected void fill(DomainDocument document, DomainSummary summary, HardwareItem item) {
        XmlElement controller = document.device(item.element(), item.index());
        String t = controller.attribute("type").orElse("");
        type.set(t);
        index.set(controller.attribute("index").orElse("0"));
        models.setAll(DeviceChoices.controllerModels(t));
        modelEditable.set(!models.isEmpty() && !t.equals("pci"));
        model.set(controller.attribute("model").orElse(""));
    }

    @Override
    public String applyTo(DomainDocument document) {
        if (!modelEditable.get()) {
            return document.xml();
        }
        return document.editedDevice(item().element(), item().index(), controller ->
                new AttributeChoice("model", "Model", models, false).write(controller, model.get()));
    }
}
