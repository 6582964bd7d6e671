package org.virtfx.app.addhardware;

import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.virtfx.app.details.DeviceChoices;
import org.virtfx.app.details.FieldValues;
import org.virtfx.core.xml.XmlElement;

/**
 * A virtio channel to an agent in the guest: the QEMU guest agent over a UNIX socket libvirt
 * creates, or the SPICE agent over the SPICE connection, as virt-manager adds them.
 */
public final class ChannelDevice implements NewDevice {
    private final StringProperty name = new SimpleStringProperty(DeviceChoices.CHANNEL_NAMES.get(0));

    /** The target name, such as org.qemu.guest_agent.0. */
    public StringProperty nameProperty() {
        return name;
    }

    @Override
    public XmlElement element() {
        String target = FieldValues.oneOf("Name", name.get(), DeviceChoices.CHANNEL_NAMES);
        return new XmlElement("channel").setAttribute("type", target.startsWith("com.redhat.spice") ? "spicevmc" : "unix")
                .append(new XmlElement("target").setAttribute("type", "virtio").setAttribute("name", target));
    }
}
