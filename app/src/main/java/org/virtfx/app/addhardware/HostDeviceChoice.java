package org.virtfx.app.addhardware;

import java.util.List;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.virtfx.app.details.FieldValues;
import org.virtfx.core.host.HostDevice;
import org.virtfx.core.xml.XmlElement;

/**
 * A USB or PCI device of the host given to the guest, picked from the connection's node device
 * list, as virt-manager's USB and PCI Host Device pages do: a USB device by vendor and product
 * (with its bus address too when the host has two alike), a PCI device by address; libvirt
 * detaches a PCI device from its host driver while the guest has it ({@code managed='yes'}).
 */
public final class HostDeviceChoice implements NewDevice {
    /** The vendor ID of Linux's root hubs, which virt-manager leaves out of the list. */
    private static final String LINUX_FOUNDATION = "0x1d6b";

    private final HostDevice.Kind kind;
    private final ObservableList<HostDevice> devices = FXCollections.observableArrayList();
    private final ObjectProperty<HostDevice> selected = new SimpleObjectProperty<>();

    HostDeviceChoice(HostDevice.Kind kind) {
        this.kind = kind;
    }

    /** Lists the connection's devices of this kind; a Linux root hub cannot be given away. */
    void setDevices(List<HostDevice> all) {
        devices.setAll(all.stream().filter(d -> d.kind() == kind)
                .filter(d -> !(kind == HostDevice.Kind.USB && d.vendorId().equals(LINUX_FOUNDATION)
                        && List.of("0x0001", "0x0002", "0x0003").contains(d.productId())))
                .toList());
        if (selected.get() != null && !devices.contains(selected.get())) {
            selected.set(null);
        }
    }

    public HostDevice.Kind kind() {
        return kind;
    }

    public ObservableList<HostDevice> devices() {
        return devices;
    }

    public ObjectProperty<HostDevice> selectedProperty() {
        return selected;
    }

    @Override
    public XmlElement element() {
        HostDevice device = selected.get();
        if (device == null) {
            throw FieldValues.invalid(devices.isEmpty() ? "The connection lists no " + kind + " devices of the host"
                    : "Host Device: choose a " + kind + " device from the list");
        }
        XmlElement source = new XmlElement("source");
        if (kind == HostDevice.Kind.USB) {
            source.append(new XmlElement("vendor").setAttribute("id", device.vendorId()))
                    .append(new XmlElement("product").setAttribute("id", device.productId()));
            boolean twin = devices.stream().anyMatch(d -> d != device && d.vendorId().equals(device.vendorId())
                    && d.productId().equals(device.productId()));
            if (twin) {
                String[] busDevice = device.address().split(":");
                source.append(new XmlElement("address").setAttribute("bus", Integer.toString(Integer.parseInt(busDevice[0])))
                        .setAttribute("device", Integer.toString(Integer.parseInt(busDevice[1]))));
            }
        } else {
            // "0000:00:1f.2": domain, bus, slot and function.
            String[] parts = device.address().split("[:.]");
            source.append(new XmlElement("address").setAttribute("domain", "0x" + parts[0])
                    .setAttribute("bus", "0x" + parts[1]).setAttribute("slot", "0x" + parts[2])
                    .setAttribute("function", "0x" + parts[3]));
        }
        return new XmlElement("hostdev").setAttribute("mode", "subsystem")
                .setAttribute("type", kind == HostDevice.Kind.USB ? "usb" : "pci").setAttribute("managed", "yes")
                .append(source);
    }
}
