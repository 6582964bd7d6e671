package org.virtfx.app.addhardware;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.virtfx.app.details.AttributeChoice;
import org.virtfx.core.xml.XmlElement;

/**
 * A device made of one element whose attributes are either picked from fixed values (a sound
 * card's model, a watchdog's action) or always the same (a serial port's {@code type='pty'}).
 */
public final class ChoicesDevice implements NewDevice {
    private final String element;
    private final String description;
    private final Map<AttributeChoice, StringProperty> choices = new LinkedHashMap<>();
    private final Map<String, String> fixed = new LinkedHashMap<>();

    /** @param description what the form says about the device's fixed parts; may be empty */
    ChoicesDevice(String element, String description) {
        this.element = element;
        this.description = description;
    }

    ChoicesDevice choose(AttributeChoice choice, String initial) {
        choices.put(choice, new SimpleStringProperty(initial));
        return this;
    }

    ChoicesDevice fixed(String attribute, String value) {
        fixed.put(attribute, value);
        return this;
    }

    public String elementName() {
        return element;
    }

    public String description() {
        return description;
    }

    /** Each choice and its value, in form order. */
    public Map<AttributeChoice, StringProperty> choices() {
        return Collections.unmodifiableMap(choices);
    }

    public StringProperty value(AttributeChoice choice) {
        return choices.get(choice);
    }

    @Override
    public XmlElement element() {
        XmlElement device = new XmlElement(element);
        choices.forEach((choice, value) -> choice.write(device, value.get()));
        fixed.forEach(device::setAttribute);
        return device;
    }
}
