package org.virtfx.app.details;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.xml.XmlElement;

/**
 * A device page whose fields are all attributes of the device element with fixed values (a
 * sound card's model, a watchdog's model and action): one property per attribute, written back
 * in place so the rest of the element stays as it was.
 */
public abstract class AttributeChoicesPage extends DetailsPage {
    private final String heading;
    private final String element;
    private final Map<AttributeChoice, StringProperty> fields = new LinkedHashMap<>();

    protected AttributeChoicesPage(String heading, String element, AttributeChoice... choices) {
        this.heading = heading;
        this.element = element;
        for (AttributeChoice choice : choices) {
            StringProperty value = new SimpleStringProperty("");
            fields.put(choice, value);
            track(value);
        }
    }

    public String heading() {
        return heading;
    }

    /** The device element's name, which prefixes the form's field ids ("watchdog-action"). */
    public String element() {
        return element;
    }

    /** Each choice and its current value, in form order. */
    public Map<AttributeChoice, StringProperty> fields() {
        return Collections.unmodifiableMap(fields);
    }

    protected final StringProperty field(AttributeChoice choice) {
        return fields.get(choice);
    }

    @Override
    protected void fill(DomainDocument document, DomainSummary summary, HardwareItem item) {
        XmlElement device = document.device(item.element(), item.index());
        fields.forEach((choice, value) -> value.set(choice.read(device)));
    }

    @Override
    public String applyTo(DomainDocument document) {
        return document.editedDevice(item().element(), item().index(),
                device -> fields.forEach((choice, value) -> choice.write(device, value.get())));
    }
}
