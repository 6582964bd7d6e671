package org.virtfx.app.details;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.xml.XmlElement;

/**
 * A console or serial port: the host side (pty, file...) is shown, the guest side's target
 * type (serial, virtio, lxc) is editable for consoles.
 */
public final class ConsolePage extends DetailsPage {
    private final ReadOnlyStringWrapper deviceType = new ReadOnlyStringWrapper("");
    private final StringProperty targetType = new SimpleStringProperty("");

    public ConsolePage() {
        track(targetType);
    }

    /** The host side: "pty", "file"... */
    public ReadOnlyStringProperty deviceTypeProperty() {
        return deviceType.getReadOnlyProperty();
    }

    public StringProperty targetTypeProperty() {
        return targetType;
    }

    @Override
    protected void fill(DomainDocument document, DomainSummary summary, HardwareItem item) {
        XmlElement console = document.device(item.element(), item.index());
        deviceType.set(console.attribute("type").orElse("pty"));
        targetType.set(console.child("target").flatMap(t -> t.attribute("type")).orElse(""));
    }

    @Override
    public String applyTo(DomainDocument document) {
        return document.editedDevice(item().element(), item().index(), console -> {
            XmlElement target = console.child("target").orElseGet(() -> {
                XmlElement created = new XmlElement("target");
                XmlPlacement.afterLast(console, created, "source", "protocol", "log");
                return created;
            });
            if (targetType.get().isBlank()) {
                target.removeAttribute("type");
            } else {
                target.setAttribute("type", targetType.get().strip());
            }
        });
    }
}
