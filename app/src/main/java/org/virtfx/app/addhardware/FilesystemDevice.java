package org.virtfx.app.addhardware;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.virtfx.app.details.FieldValues;
import org.virtfx.core.xml.XmlElement;

/** A host directory shared with the guest (passthrough mount). */
public final class FilesystemDevice implements NewDevice {
    private final StringProperty source = new SimpleStringProperty("");
    private final StringProperty target = new SimpleStringProperty("");
    private final BooleanProperty readOnly = new SimpleBooleanProperty();

    public StringProperty sourceProperty() {
        return source;
    }

    public StringProperty targetProperty() {
        return target;
    }

    public BooleanProperty readOnlyProperty() {
        return readOnly;
    }

    @Override
    public XmlElement element() {
        String dir = source.get().strip();
        String mountPoint = target.get().strip();
        if (!dir.startsWith("/")) {
            throw FieldValues.invalid("The source directory must be an absolute path on the host");
        }
        if (mountPoint.isEmpty()) {
            throw FieldValues.invalid("The target path is required: where the guest sees the directory");
        }
        XmlElement fs = new XmlElement("filesystem").setAttribute("type", "mount")
                .setAttribute("accessmode", "passthrough");
        fs.append(new XmlElement("source").setAttribute("dir", dir));
        fs.append(new XmlElement("target").setAttribute("dir", mountPoint));
        if (readOnly.get()) {
            fs.append(new XmlElement("readonly"));
        }
        return fs;
    }
}
