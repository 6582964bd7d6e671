package org.virtfx.app.addhardware;

import java.util.Locale;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.virtfx.app.details.FieldValues;
import org.virtfx.core.xml.XmlElement;

/** A network interface on a virtual network or a host bridge. */
public final class NetworkDevice implements NewDevice {
    private final StringProperty type = new SimpleStringProperty("network");
    private final StringProperty source = new SimpleStringProperty("default");
    private final StringProperty model;
    private final StringProperty mac = new SimpleStringProperty("");

    /** @param container containers have no emulated NIC models: the model starts blank */
    NetworkDevice(boolean container) {
        model = new SimpleStringProperty(container ? "" : "virtio");
    }

    /** "network" or "bridge". */
    public StringProperty typeProperty() {
        return type;
    }

    public StringProperty sourceProperty() {
        return source;
    }

    public StringProperty modelProperty() {
        return model;
    }

    /** Empty to let libvirt make one up. */
    public StringProperty macProperty() {
        return mac;
    }

    @Override
    public XmlElement element() {
        String name = source.get().strip();
        if (name.isEmpty()) {
            throw FieldValues.invalid(type.get().equals("bridge") ? "Name the host bridge, such as br0"
                    : "Name the virtual network, such as default");
        }
        String address = mac.get().strip().toLowerCase(Locale.ROOT);
        if (!address.isEmpty() && !address.matches("([0-9a-f]{2}:){5}[0-9a-f]{2}")) {
            throw FieldValues.invalid("The MAC address must look like 52:54:00:12:34:56");
        }
        XmlElement nic = new XmlElement("interface").setAttribute("type", type.get());
        if (!address.isEmpty()) {
            nic.append(new XmlElement("mac").setAttribute("address", address));
        }
        nic.append(new XmlElement("source").setAttribute(type.get().equals("bridge") ? "bridge" : "network", name));
        if (!model.get().isBlank()) {
            nic.append(new XmlElement("model").setAttribute("type", model.get().strip()));
        }
        return nic;
    }
}
