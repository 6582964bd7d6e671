package org.virtfx.app.addhardware;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.virtfx.app.details.FieldValues;
import org.virtfx.core.xml.XmlElement;

/**
 * A network interface, as virt-manager's Add Hardware offers it: on one of the connection's
 * virtual networks, or on a host device named in "Device name" as a bridge or macvtap
 * ({@code type='direct'}, mode bridge, as virt-manager sets it).
 */
public final class NetworkDevice implements NewDevice {
    /** Until the connection's networks are read, its usual "default" network, as before there was a list. */
    private static final NicSource DEFAULT_NETWORK = NicSource.virtualNetwork("default", "", true);

    private final ObservableList<NicSource> sources =
            FXCollections.observableArrayList(DEFAULT_NETWORK, NicSource.BRIDGE, NicSource.MACVTAP);
    private final ObjectProperty<NicSource> source = new SimpleObjectProperty<>(DEFAULT_NETWORK);
    private final StringProperty device = new SimpleStringProperty("");
    private final StringProperty model;
    private final StringProperty mac = new SimpleStringProperty("");
    private List<String> interfaces = List.of();

    /** @param container containers have no emulated NIC models: the model starts blank */
    NetworkDevice(boolean container) {
        model = new SimpleStringProperty(container ? "" : "virtio");
        source.addListener((obs, was, now) -> suggestDevice());
    }

    /** Lists the connection's networks first and picks the first, as virt-manager does ("default" when it exists). */
    void setSources(HostSources host) {
        List<NicSource> all = new ArrayList<>(host.networks());
        all.add(NicSource.BRIDGE);
        all.add(NicSource.MACVTAP);
        interfaces = host.interfaces();
        sources.setAll(all);
        source.set(host.networks().stream().filter(n -> n.network().equals("default")).findFirst()
                .orElse(all.get(0)));
        suggestDevice();
    }

    private void suggestDevice() {
        NicSource chosen = source.get();
        if (chosen == null || !chosen.namesDevice() || !device.get().isBlank()) {
            return;
        }
        // A bridge is most likely the host's first bridge-looking device; macvtap sits on a NIC.
        boolean bridge = chosen.type().equals("bridge");
        interfaces.stream().filter(name -> !name.equals("lo") && name.startsWith("br") == bridge)
                .findFirst().ifPresent(device::set);
    }

    public ObservableList<NicSource> sources() {
        return sources;
    }

    public ObjectProperty<NicSource> sourceProperty() {
        return source;
    }

    /** The host bridge or NIC for "Bridge device…" and "Macvtap device…". */
    public StringProperty deviceProperty() {
        return device;
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
        NicSource chosen = source.get();
        if (chosen == null) {
            throw FieldValues.invalid("Choose a network source");
        }
        String name = chosen.namesDevice() ? device.get().strip() : chosen.network();
        if (name.isEmpty()) {
            throw FieldValues.invalid(chosen.type().equals("bridge") ? "Name the host bridge, such as br0"
                    : "Name the host device for macvtap, such as eth0");
        }
        String address = mac.get().strip().toLowerCase(Locale.ROOT);
        if (!address.isEmpty() && !address.matches("([0-9a-f]{2}:){5}[0-9a-f]{2}")) {
            throw FieldValues.invalid("The MAC address must look like 52:54:00:12:34:56");
        }
        XmlElement nic = new XmlElement("interface").setAttribute("type", chosen.type());
        if (!address.isEmpty()) {
            nic.append(new XmlElement("mac").setAttribute("address", address));
        }
        XmlElement src = switch (chosen.type()) {
            case "bridge" -> new XmlElement("source").setAttribute("bridge", name);
            case "direct" -> new XmlElement("source").setAttribute("dev", name).setAttribute("mode", "bridge");
            default -> new XmlElement("source").setAttribute("network", name);
        };
        nic.append(src);
        if (!model.get().isBlank()) {
            nic.append(new XmlElement("model").setAttribute("type", model.get().strip()));
        }
        return nic;
    }
}
