package org.virtfx.app.addhardware;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.virtfx.app.details.DomainDocument;
import org.virtfx.app.details.FieldValues;
import org.virtfx.core.xml.XmlElement;

/**
 * A disk or CD-ROM on the first free target of its bus, as virt-manager's Add Hardware makes
 * it: either "Create a disk image for the virtual machine" of a size in GiB, in the default
 * pool and named after the domain, or "Select or create custom storage" by path, with the
 * connection's volumes to pick from.
 */
public final class StorageDevice implements NewDevice {
    /** virt-manager's default size for a new disk image. */
    static final double DEFAULT_GIB = 20.0;
    /** libvirt's cache modes; "default" leaves the choice to the hypervisor and is not written. */
    public static final List<String> CACHE_MODES = List.of("default", "none", "writethrough", "writeback",
            "directsync", "unsafe");

    private final DomainDocument domain;
    private final String format;
    private final BooleanProperty createImage = new SimpleBooleanProperty();
    private final DoubleProperty sizeGiB = new SimpleDoubleProperty(DEFAULT_GIB);
    private final StringProperty path = new SimpleStringProperty("");
    private final StringProperty device = new SimpleStringProperty("disk");
    private final StringProperty bus = new SimpleStringProperty("virtio");
    private final StringProperty cache = new SimpleStringProperty("default");
    private final ObservableList<String> volumes = FXCollections.observableArrayList();
    private final ObjectProperty<HostSources> host = new SimpleObjectProperty<>(HostSources.NONE);
    private final StringBinding poolHint;

    /** @param format the new image's format, "qcow2" or "raw" (Preferences ▸ New VM ▸ Storage format) */
    StorageDevice(DomainDocument domain, String format) {
        this.domain = domain;
        this.format = format;
        poolHint = Bindings.createStringBinding(() -> host.get().pool().isEmpty()
                ? "The connection has no active storage pool: select custom storage"
                : String.format("%.1f GiB available in pool '%s' (%s)", host.get().poolAvailableBytes() / 1073741824.0,
                host.get().pool(), host.get().poolPath()), host);
        // A CD-ROM holds install media: there is nothing to create.
        device.addListener((obs, was, now) -> {
            if (now.equals("cdrom")) {
                createImage.set(false);
            }
        });
    }

    /**
     * Offers the connection's pool: a new image becomes the choice, as in virt-manager, unless
     * there is no pool, the device is a CD-ROM or a path was typed meanwhile.
     */
    void setSources(HostSources sources) {
        host.set(sources);
        volumes.setAll(sources.volumes());
        createImage.set(!sources.pool().isEmpty() && device.get().equals("disk") && path.get().isBlank());
    }

    public BooleanProperty createImageProperty() {
        return createImage;
    }

    public DoubleProperty sizeGiBProperty() {
        return sizeGiB;
    }

    /** "12.3 GiB available in pool 'default' (/var/lib/libvirt/images)". */
    public StringBinding poolHintProperty() {
        return poolHint;
    }

    public StringProperty pathProperty() {
        return path;
    }

    /** Existing volumes of the connection's pools, by path. */
    public ObservableList<String> volumes() {
        return volumes;
    }

    /** "disk" or "cdrom". */
    public StringProperty deviceProperty() {
        return device;
    }

    /** "virtio", "sata", "scsi", "ide", "usb". */
    public StringProperty busProperty() {
        return bus;
    }

    /** Advanced options ▸ Cache mode: one of {@link #CACHE_MODES}. */
    public StringProperty cacheProperty() {
        return cache;
    }

    /** The image to create in the default pool, when creating one. */
    Optional<NewVolume> volume() {
        if (!createImage.get()) {
            return Optional.empty();
        }
        long bytes = Math.round(sizeGiB.get() * 1073741824.0);
        return Optional.of(new NewVolume(host.get().pool(), "<volume><name>" + imageName() + "</name><capacity unit='bytes'>"
                + bytes + "</capacity><target><format type='" + format + "'/></target></volume>"));
    }

    @Override
    public XmlElement element() {
        String file;
        if (createImage.get()) {
            if (host.get().pool().isEmpty()) {
                throw FieldValues.invalid("There is no storage pool to create the image in: select custom storage");
            }
            if (!(sizeGiB.get() > 0)) {
                throw FieldValues.invalid("The disk image needs a size above 0 GiB");
            }
            if (sizeGiB.get() * 1073741824.0 > host.get().poolAvailableBytes() && host.get().poolAvailableBytes() > 0) {
                throw FieldValues.invalid(String.format("Only %.1f GiB are free in pool '%s'",
                        host.get().poolAvailableBytes() / 1073741824.0, host.get().pool()));
            }
            file = host.get().poolPath() + "/" + imageName();
        } else {
            file = path.get().strip();
            if (!file.startsWith("/")) {
                throw FieldValues.invalid("The disk path must be absolute, such as /var/lib/libvirt/images/data.qcow2");
            }
        }
        XmlElement disk = new XmlElement("disk").setAttribute("type", "file").setAttribute("device", device.get());
        XmlElement driver = new XmlElement("driver").setAttribute("name", "qemu")
                .setAttribute("type", file.endsWith(".qcow2") ? "qcow2" : "raw");
        String mode = FieldValues.oneOf("Cache mode", cache.get(), CACHE_MODES);
        if (!mode.equals("default")) {
            driver.setAttribute("cache", mode);
        }
        disk.append(driver);
        disk.append(new XmlElement("source").setAttribute("file", file));
        disk.append(new XmlElement("target").setAttribute("dev", freeTarget(bus.get())).setAttribute("bus", bus.get()));
        if (device.get().equals("cdrom")) {
            disk.append(new XmlElement("readonly"));
        }
        return disk;
    }

    /** virt-manager's name for a new image: the domain's, then -1, -2… until the pool has none by it. */
    private String imageName() {
        String extension = format.equals("qcow2") ? ".qcow2" : ".img";
        List<String> taken = host.get().volumeNames();
        String name = domain.name() + extension;
        for (int i = 1; taken.contains(name); i++) {
            name = domain.name() + "-" + i + extension;
        }
        return name;
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
