package org.virtfx.app.details;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.domain.DomainXml;
import org.virtfx.core.xml.XmlElement;

/** A disk: its source path and read-only flag are editable; device, bus and target shown. */
public final class DiskPage extends DetailsPage {
    private final DomainXml domainXml;
    private final StringProperty sourcePath = new SimpleStringProperty("");
    private final BooleanProperty readOnly = new SimpleBooleanProperty();
    private final ReadOnlyStringWrapper target = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper device = new ReadOnlyStringWrapper("");

    public DiskPage(DomainXml domainXml) {
        this.domainXml = domainXml;
        track(sourcePath, readOnly);
    }

    public StringProperty sourcePathProperty() {
        return sourcePath;
    }

    public BooleanProperty readOnlyProperty() {
        return readOnly;
    }

    /** "vda on virtio". */
    public ReadOnlyStringProperty targetProperty() {
        return target.getReadOnlyProperty();
    }

    /** "disk (file)", "cdrom (file)". */
    public ReadOnlyStringProperty deviceProperty() {
        return device.getReadOnlyProperty();
    }

    @Override
    protected void fill(DomainDocument document, DomainSummary summary, HardwareItem item) {
        XmlElement disk = document.device(item.element(), item.index());
        XmlElement source = disk.child("source").orElse(new XmlElement("source"));
        sourcePath.set(source.attribute("file").or(() -> source.attribute("dev"))
                .or(() -> source.attribute("dir")).or(() -> source.attribute("volume")).orElse(""));
        readOnly.set(disk.child("readonly").isPresent());
        XmlElement t = disk.child("target").orElse(new XmlElement("target"));
        target.set(t.attribute("dev").orElse("") + t.attribute("bus").map(b -> " on " + b).orElse(""));
        device.set(disk.attribute("device").orElse("disk") + " (" + disk.attribute("type").orElse("file") + ")");
    }

    @Override
    public String applyTo(DomainDocument document) {
        String targetDev = document.device(item().element(), item().index()).child("target")
                .flatMap(t -> t.attribute("dev")).orElseThrow();
        // The source path goes through core's edit, which knows which attribute each disk type uses.
        DomainDocument moved = new DomainDocument(domainXml.withDiskSource(
                domainXml.parse(document.xml(), document.name()), targetDev, sourcePath.get().strip()).xml());
        return moved.editedDevice(item().element(), item().index(), disk -> {
            disk.child("readonly").ifPresent(disk::remove);
            if (readOnly.get()) {
                XmlPlacement.afterLast(disk, new XmlElement("readonly"), "driver", "source", "backingStore", "target",
                        "iotune", "boot");
            }
        });
    }
}
