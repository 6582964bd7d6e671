package org.virtfx.app.addhardware;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.virtfx.app.details.DomainDocument;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlFormat;

/**
 * The Add Hardware form: a device kind and its fields. {@link #deviceXml} turns them into the
 * device element, or explains in {@link #errorProperty()} which field is wrong.
 */
public final class AddHardwareViewModel {
    private final DomainDocument domain;
    private final ObjectProperty<NewDeviceKind> kind = new SimpleObjectProperty<>(NewDeviceKind.STORAGE);
    private final StringProperty diskPath = new SimpleStringProperty("");
    private final StringProperty diskDevice = new SimpleStringProperty("disk");
    private final StringProperty diskBus = new SimpleStringProperty("virtio");
    private final StringProperty networkType = new SimpleStringProperty("network");
    private final StringProperty networkSource = new SimpleStringProperty("default");
    private final StringProperty networkModel = new SimpleStringProperty("virtio");
    private final StringProperty mac = new SimpleStringProperty("");
    private final StringProperty consoleTarget = new SimpleStringProperty("serial");
    private final StringProperty fsSource = new SimpleStringProperty("");
    private final StringProperty fsTarget = new SimpleStringProperty("");
    private final BooleanProperty fsReadOnly = new SimpleBooleanProperty();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");

    public AddHardwareViewModel(DomainDocument domain) {
        this.domain = domain;
        if (domain.isContainer()) {
            // Containers have no disks or virtio buses; a shared directory is what they add most.
            kind.set(NewDeviceKind.FILESYSTEM);
            consoleTarget.set("lxc");
            networkModel.set("");
        }
        kind.addListener((obs, was, now) -> error.set(""));
    }

    public ObjectProperty<NewDeviceKind> kindProperty() {
        return kind;
    }

    public StringProperty diskPathProperty() {
        return diskPath;
    }

    /** "disk" or "cdrom". */
    public StringProperty diskDeviceProperty() {
        return diskDevice;
    }

    /** "virtio", "sata", "scsi", "ide", "usb". */
    public StringProperty diskBusProperty() {
        return diskBus;
    }

    /** "network" or "bridge". */
    public StringProperty networkTypeProperty() {
        return networkType;
    }

    public StringProperty networkSourceProperty() {
        return networkSource;
    }

    public StringProperty networkModelProperty() {
        return networkModel;
    }

    /** Empty to let libvirt make one up. */
    public StringProperty macProperty() {
        return mac;
    }

    public StringProperty consoleTargetProperty() {
        return consoleTarget;
    }

    public StringProperty fsSourceProperty() {
        return fsSource;
    }

    public StringProperty fsTargetProperty() {
        return fsTarget;
    }

    public BooleanProperty fsReadOnlyProperty() {
        return fsReadOnly;
    }

    /** Why Finish is refused, shown next to the form; empty when nothing is wrong. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** The new device element, or empty with the reason in {@link #errorProperty()}. */
    public Optional<String> deviceXml() {
        error.set("");
        XmlElement device = switch (kind.get()) {
            case STORAGE -> disk();
            case NETWORK -> nic();
            case CONSOLE -> new XmlElement("console").setAttribute("type", "pty")
                    .append(new XmlElement("target").setAttribute("type", consoleTarget.get()));
            case FILESYSTEM -> filesystem();
        };
        return device == null ? Optional.empty() : Optional.of(XmlFormat.format(device));
    }

    private XmlElement disk() {
        String path = diskPath.get().strip();
        if (!path.startsWith("/")) {
            return refuse("The disk path must be absolute, such as /var/lib/libvirt/images/data.qcow2");
        }
        String bus = diskBus.get();
        String target = freeTarget(bus);
        XmlElement disk = new XmlElement("disk").setAttribute("type", "file").setAttribute("device", diskDevice.get());
        disk.append(new XmlElement("driver").setAttribute("name", "qemu")
                .setAttribute("type", path.endsWith(".qcow2") ? "qcow2" : "raw"));
        disk.append(new XmlElement("source").setAttribute("file", path));
        disk.append(new XmlElement("target").setAttribute("dev", target).setAttribute("bus", bus));
        if (diskDevice.get().equals("cdrom")) {
            disk.append(new XmlElement("readonly"));
        }
        return disk;
    }

    /** The first target name on that bus no disk uses yet: vda, vdb... or sda... or hda... */
    private String freeTarget(String bus) {
        String prefix = switch (bus) {
            case "virtio" -> "vd";
            case "ide" -> "hd";
            default -> "sd";
        };
        Set<String> used = new HashSet<>();
        domain.edited(root -> root.child("devices").ifPresent(devices -> devices.children("disk")
                .forEach(d -> d.child("target").flatMap(t -> t.attribute("dev")).ifPresent(used::add))));
        for (char c = 'a'; c <= 'z'; c++) {
            if (!used.contains(prefix + c)) {
                return prefix + c;
            }
        }
        return prefix + "aa";
    }

    private XmlElement nic() {
        String source = networkSource.get().strip();
        if (source.isEmpty()) {
            return refuse(networkType.get().equals("bridge") ? "Name the host bridge, such as br0"
                    : "Name the virtual network, such as default");
        }
        String address = mac.get().strip().toLowerCase(java.util.Locale.ROOT);
        if (!address.isEmpty() && !address.matches("([0-9a-f]{2}:){5}[0-9a-f]{2}")) {
            return refuse("The MAC address must look like 52:54:00:12:34:56");
        }
        XmlElement nic = new XmlElement("interface").setAttribute("type", networkType.get());
        if (!address.isEmpty()) {
            nic.append(new XmlElement("mac").setAttribute("address", address));
        }
        nic.append(new XmlElement("source").setAttribute(networkType.get().equals("bridge") ? "bridge" : "network",
                source));
        if (!networkModel.get().isBlank()) {
            nic.append(new XmlElement("model").setAttribute("type", networkModel.get().strip()));
        }
        return nic;
    }

    private XmlElement filesystem() {
        String source = fsSource.get().strip();
        String target = fsTarget.get().strip();
        if (!source.startsWith("/")) {
            return refuse("The source directory must be an absolute path on the host");
        }
        if (target.isEmpty()) {
            return refuse("The target path is required: where the guest sees the directory");
        }
        XmlElement fs = new XmlElement("filesystem").setAttribute("type", "mount").setAttribute("accessmode", "passthrough");
        fs.append(new XmlElement("source").setAttribute("dir", source));
        fs.append(new XmlElement("target").setAttribute("dir", target));
        if (fsReadOnly.get()) {
            fs.append(new XmlElement("readonly"));
        }
        return fs;
    }

    private XmlElement refuse(String why) {
        error.set(why);
        return null;
    }
}
