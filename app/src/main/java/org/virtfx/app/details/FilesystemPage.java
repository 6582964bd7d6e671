package org.virtfx.app.details;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.xml.XmlElement;

/** A host directory shared with the guest: source directory, target path, read-only. */
public final class FilesystemPage extends DetailsPage {
    private final StringProperty sourceDir = new SimpleStringProperty("");
    private final StringProperty targetDir = new SimpleStringProperty("");
    private final BooleanProperty readOnly = new SimpleBooleanProperty();

    public FilesystemPage() {
        track(sourceDir, targetDir, readOnly);
    }

    public StringProperty sourceDirProperty() {
        return sourceDir;
    }

    public StringProperty targetDirProperty() {
        return targetDir;
    }

    public BooleanProperty readOnlyProperty() {
        return readOnly;
    }

    @Override
    protected void fill(DomainDocument document, DomainSummary summary, HardwareItem item) {
        XmlElement fs = document.device(item.element(), item.index());
        sourceDir.set(fs.child("source").flatMap(s -> s.attribute("dir").or(() -> s.attribute("file"))).orElse(""));
        targetDir.set(fs.child("target").flatMap(t -> t.attribute("dir")).orElse(""));
        readOnly.set(fs.child("readonly").isPresent());
    }

    @Override
    public String applyTo(DomainDocument document) {
        return document.editedDevice(item().element(), item().index(), fs -> {
            XmlElement source = fs.child("source").orElseGet(() -> {
                XmlElement created = new XmlElement("source");
                XmlPlacement.afterLast(fs, created, "driver", "binary");
                return created;
            });
            source.setAttribute(fs.attribute("type").orElse("mount").equals("file") ? "file" : "dir",
                    sourceDir.get().strip());
            XmlElement target = fs.child("target").orElseGet(() -> {
                XmlElement created = new XmlElement("target");
                XmlPlacement.afterLast(fs, created, "driver", "binary", "source");
                return created;
            });
            target.setAttribute("dir", targetDir.get().strip());
            fs.child("readonly").ifPresent(fs::remove);
            if (readOnly.get()) {
                XmlPlacement.afterLast(fs, new XmlElement("readonly"), "driver", "binary", "source", "target");
            }
        });
    }
}
