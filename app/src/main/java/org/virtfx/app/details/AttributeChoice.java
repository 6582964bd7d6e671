package org.virtfx.app.details;

import java.util.List;
import org.virtfx.core.xml.XmlElement;

/**
 * An attribute of a device element that takes one of the values libvirt's schema lists, such as
 * a sound card's {@code model} or a watchdog's {@code action}. Detail pages and Add Hardware
 * read and write such attributes the same way.
 *
 * @param label the field's name in forms and messages ("Model")
 * @param required false when leaving it blank means libvirt's default: the attribute is removed
 */
public record AttributeChoice(String attribute, String label, List<String> values, boolean required) {

    public String read(XmlElement device) {
        return device.attribute(attribute).orElse("");
    }

    /** Sets the attribute to {@code value} once it is checked. */
    public void write(XmlElement device, String value) {
        if (!required && (value == null || value.isBlank())) {
            device.removeAttribute(attribute);
        } else {
            device.setAttribute(attribute, FieldValues.oneOf(label, value, values));
        }
    }
}
