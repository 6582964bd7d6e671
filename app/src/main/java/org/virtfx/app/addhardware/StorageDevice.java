package org.virtfx.app.addhardware;

import java.util.HashSet;
import java.util.Set;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.virtfx.app.details.DomainDocument;
import org.virtfx.app.details.FieldValues;
import org.virtfx.core.xml.XmlElement;

/** A disk or CD-ROM backed by an existing image file, on the first free target of its bus. */
public final class StorageDevice implements NewDevice {
    private final DomainDocument domain;
    private final StringProperty path = new SimpleStringProperty("");
    private final StringProperty device = new SimpleStringProperty("disk");
    private final StringProperty bus = new SimpleStringProperty("virtio");

    StorageDevice(DomainDocument domain) {
        this.domain = domain;
    }

    public StringProperty pathProperty() {
        return path;
    }

    /** "disk" or "cdrom". */
    public StringProperty deviceProperty() {
        return device;
    }

    /** "virtio", "sata", "scsi", "ide", "usb". */
    public StringProperty busProperty() {
        return bus;
    }

    @Override
    public XmlElement element() {
        String file = path.get().strip();
        if (!file.startsWith("/")) {
            throw FieldValues.invalid("The disk path must be absolute, such as /var/lib/libvirt/images/data.qcow2");
        }
        XmlElement disk = new XmlElement("disk").setAttribute("type", "file").setAttribute("device", device.get());
        disk.append(new XmlElement("driver").setAttribute("name", "qemu")
                .setAttribute("type", file.endsWith(".qcow2") ? "qcow2" : "raw"));
        disk.append(new XmlElement("source").setAttribute("file", file));
        disk.append(new XmlElement("target").setAttribute("dev", freeTarget(bus.get())).setAttribute("bus", bus.get()));
        if (device.get().equals("cdrom")) {
            disk.append(new XmlElement("readonly"));
        }
        return disk;
    }

    /** The first target name on that bus no disk uses yet: vda, vdb... or sda... or hda... */
    private String freeTarget(String onBus) {
        String prefix = switch (onBus) {
            case "virtio" -> "vd";
            case "ide" -> "hd";
            default -> "sd";
        };
        Set<String> used = new HashSet<>();
        domain.devices("disk").forEach(d -> d.child("target").flatMap(t -> t.attribute("dev")).ifPresent(used::add));
        for (char c = 'a'; c <= 'z'; c++) {
            if (!used.contains(prefix + c)) {
                return prefix + c;
            }
        }
        return prefix + "aa";
    }
}
