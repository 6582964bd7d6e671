package org.virtfx.app.details;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.xml.XmlElement;

/** An input device: its type, the way it moves the pointer, and its bus, as virt-manager shows them. */
public final class InputPage extends ShownDevicePage {
    private final ReadOnlyStringWrapper type = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper mode = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper bus = new ReadOnlyStringWrapper("");

    /** "USB Tablet", "PS/2 Mouse", "VirtIO Keyboard". */
    public ReadOnlyStringProperty typeProperty() {
        return type.getReadOnlyProperty();
    }

    /** "Absolute Movement" for tablets, "Relative Movement" for mice, blank otherwise. */
    public ReadOnlyStringProperty modeProperty() {
        return mode.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty busProperty() {
        return bus.getReadOnlyProperty();
    }

    @Override
    protected void fill(DomainDocument document, DomainSummary summary, HardwareItem item) {
        XmlElement input = document.device(item.element(), item.index());
        String t = input.attribute("type").orElse("");
        bus.set(DeviceLabels.bus(input.attribute("bus").orElse("")));
        type.set((bus.get() + " " + DeviceLabels.inputType(t)).strip());
        mode.set(switch (t) {
            case "tablet" -> "Absolute Movement";
            case "mouse" -> "Relative Movement";
            default -> "";
        });
    }
}
