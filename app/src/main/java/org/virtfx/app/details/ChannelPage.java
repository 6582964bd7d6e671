package org.virtfx.app.details;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.xml.XmlElement;

/** A channel between host and guest (guest agent, SPICE agent): both ends, shown. */
public final class ChannelPage extends ShownDevicePage {
    private final ReadOnlyStringWrapper deviceType = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper targetType = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper targetName = new ReadOnlyStringWrapper("");

    /** The host end: "unix", "spicevmc", "pty"... */
    public ReadOnlyStringProperty deviceTypeProperty() {
        return deviceType.getReadOnlyProperty();
    }

    /** "virtio", "guestfwd", "xen". */
    public ReadOnlyStringProperty targetTypeProperty() {
        return targetType.getReadOnlyProperty();
    }

    /** "org.qemu.guest_agent.0"; blank when the target has no name. */
    public ReadOnlyStringProperty targetNameProperty() {
        return targetName.getReadOnlyProperty();
    }

    @Override
    protected void fill(DomainDocument document, DomainSummary summary, HardwareItem item) {
        XmlElement channel = document.device(item.element(), item.index());
        XmlElement target = channel.child("target").orElse(new XmlElement("target"));
        deviceType.set(channel.attribute("type").orElse(""));
        targetType.set(target.attribute("type").orElse(""));
        targetName.set(target.attribute("name").orElse(""));
    }
}
