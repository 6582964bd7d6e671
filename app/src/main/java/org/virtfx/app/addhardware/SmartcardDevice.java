package org.virtfx.app.addhardware;

import javafx.beans.property.StringProperty;
import org.virtfx.app.details.DeviceChoices;
import org.virtfx.core.xml.XmlElement;

/**
 * A smartcard reader: passed through from the SPICE client (virt-manager's default) or
 * emulated on the host's own reader.
 */
public final class SmartcardDevice implements NewDevice {
    private final ChoicesDevice mode = new ChoicesDevice("smartcard")
            .choose(DeviceChoices.SMARTCARD_MODE, "passthrough");

    /** "passthrough" or "host". */
    public StringProperty modeProperty() {
        return mode.value(DeviceChoices.SMARTCARD_MODE);
    }

    @Override
    public XmlElement element() {
        XmlElement card = mode.element();
        if (card.attribute("mode").orElse("").equals("passthrough")) {
            // A passed-through card needs a character device to come through: the SPICE channel.
            card.setAttribute("type", "spicevmc");
        }
        return card;
    }
}
