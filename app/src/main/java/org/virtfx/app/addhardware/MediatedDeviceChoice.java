package org.virtfx.app.addhardware;

import java.util.List;
import java.util.stream.Collectors;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.virtfx.app.details.FieldValues;
import org.virtfx.core.host.MediatedDevice;
import org.virtfx.core.host.MediatedDeviceType;
import org.virtfx.core.xml.XmlElement;

/**
 * A mediated device of the host given to the guest by its UUID, as virt-manager's MDEV Host
 * Device page does. The device must exist before the guest starts (libvirt does not make one
 * at start); with none made, the page says which types the host's devices could make.
 */
public final class MediatedDeviceChoice implements NewDevice {
    private final ObservableList<MediatedDevice> devices = FXCollections.observableArrayList();
    private final ObjectProperty<MediatedDevice> selected = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper("");

    MediatedDeviceChoice() {
        setDevices(List.of(), List.of());
    }

    void setDevices(List<MediatedDevice> listed, List<MediatedDeviceType> types) {
        devices.setAll(listed);
        if (selected.get() != null && !devices.contains(selected.get())) {
            selected.set(null);
        }
        if (!listed.isEmpty()) {
            note.set("");
        } else if (types.isEmpty()) {
            note.set("No mediated devices listed for this connection's host");
        } else {
            note.set("No mediated devices exist yet; create one (with mdevctl) of a type the host offers: "
                    + types.stream().map(MediatedDeviceChoice::words).collect(Collectors.joining("; ")));
        }
    }

    private static String words(MediatedDeviceType type) {
        String name = type.name().isEmpty() ? type.id() : type.id() + " (" + type.name() + ")";
        return name + " on " + type.parent() + ", " + type.availableInstances() + " available";
    }

    public ObservableList<MediatedDevice> devices() {
        return devices;
    }

    public ObjectProperty<MediatedDevice> selectedProperty() {
        return selected;
    }

    /** Why the list is empty and what could fill it; empty while there are devices to pick. */
    public ReadOnlyStringProperty noteProperty() {
        return note.getReadOnlyProperty();
    }

    @Override
    public XmlElement element() {
        MediatedDevice device = selected.get();
        if (device == null) {
            throw FieldValues.invalid(devices.isEmpty() ? "The connection lists no mediated devices of the host"
                    : "Host Device: choose a mediated device from the list");
        }
        // A type whose interface is unknown (libvirt's mdev capability does not say) is a PCI one, libvirt's usual.
        String model = device.deviceApi().isEmpty() ? "vfio-pci" : device.deviceApi();
        return new XmlElement("hostdev").setAttribute("mode", "subsystem").setAttribute("type", "mdev")
                .setAttribute("model", model)
                .append(new XmlElement("source").append(new XmlElement("address").setAttribute("uuid", device.uuid())));
    }
}
