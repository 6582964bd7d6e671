package org.virtfx.app.addhardware;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.virtfx.app.details.AttributeChoice;
import org.virtfx.core.xml.XmlElement;

/**
 * A device made of one element whose attributes are picked from fixed values (a sound card's
 * model, a watchdog's action).
 */
public final class ChoicesDevice implements NewDevice {
    private final String element;
    private final Map<AttributeChoice, StringProperty> choices = new LinkedHashMap<>();

    ChoicesDevice(String element) {
        this.element = element;
    }

    ChoicesDevice choose(AttributeChoice choice, String initial) {
        choices.put(choice, new SimpleStringProperty(initial));
        return this;
    }

    public String elementName() {
        return element;
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
        return device;
    }
}
