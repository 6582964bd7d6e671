package org.virtfx.app.hostdetails;

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
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlFormat;

/**
 * "Create a new virtual network": name, mode, IPv4 network with DHCP range, or the host bridge
 * for bridge mode. {@link #networkXml} builds the definition or says which field is wrong.
 */
public final class CreateNetworkViewModel {
    private final Set<String> takenNames;
    private final StringProperty name = new SimpleStringProperty("network");
    private final ObjectProperty<NetworkMode> mode = new SimpleObjectProperty<>(NetworkMode.NAT);
    private final StringProperty ipv4 = new SimpleStringProperty("192.168.100.0/24");
    private final BooleanProperty dhcp = new SimpleBooleanProperty(true);
    private final StringProperty dhcpStart = new SimpleStringProperty("");
    private final StringProperty dhcpEnd = new SimpleStringProperty("");
    private final StringProperty bridge = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");

    public CreateNetworkViewModel(Set<String> takenNames) {
        this.takenNames = Set.copyOf(takenNames);
        for (int n = 1; takenNames.contains(name.get()); n++) {
            name.set("network" + n);
        }
        fillRange();
        ipv4.addListener((obs, was, now) -> fillRange());
    }

    /** Proposes the DHCP range whenever the network changes, as virt-manager does. */
    private void fillRange() {
        Ipv4Range.parse(ipv4.get()).ifPresent(range -> {
            dhcpStart.set(range.firstDhcp());
            dhcpEnd.set(range.lastDhcp());
        });
    }

    public StringProperty nameProperty() {
        return name;
    }

    public ObjectProperty<NetworkMode> modeProperty() {
        return mode;
    }

    public StringProperty ipv4Property() {
        return ipv4;
    }

    public BooleanProperty dhcpProperty() {
        return dhcp;
    }

    public StringProperty dhcpStartProperty() {
        return dhcpStart;
    }

    public StringProperty dhcpEndProperty() {
        return dhcpEnd;
    }

    /** The host bridge a bridge-mode network forwards to, such as br0. */
    public StringProperty bridgeProperty() {
        return bridge;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** The network's XML, or empty with the reason in {@link #errorProperty()}. */
    public Optional<String> networkXml() {
        error.set("");
        String n = name.get().strip();
        if (n.isEmpty() || !n.matches("[A-Za-z0-9_.+-]+")) {
            return refuse("The name may use letters, digits, '-', '_', '.' and '+'");
        }
        if (takenNames.contains(n)) {
            return refuse("A network named '" + n + "' already exists");
        }
        XmlElement network = new XmlElement("network").append(new XmlElement("name").setText(n));
        if (mode.get() == NetworkMode.BRIDGE) {
            if (bridge.get().isBlank()) {
                return refuse("Name the host bridge device, such as br0");
            }
            network.append(new XmlElement("forward").setAttribute("mode", "bridge"));
            network.append(new XmlElement("bridge").setAttribute("name", bridge.get().strip()));
            return Optional.of(XmlFormat.format(network));
        }
        Optional<Ipv4Range> range = Ipv4Range.parse(ipv4.get());
        if (range.isEmpty()) {
            return refuse("The IPv4 network must look like 192.168.100.0/24 (prefix 8 to 30)");
        }
        if (!mode.get().forward().isEmpty()) {
            network.append(new XmlElement("forward").setAttribute("mode", mode.get().forward()));
        }
        XmlElement ip = new XmlElement("ip").setAttribute("address", range.get().gateway())
                .setAttribute("netmask", range.get().netmask());
        if (dhcp.get()) {
            Optional<Long> start = Ipv4Range.address(dhcpStart.get());
            Optional<Long> end = Ipv4Range.address(dhcpEnd.get());
            if (start.isEmpty() || end.isEmpty() || !range.get().contains(start.get())
                    || !range.get().contains(end.get()) || start.get() > end.get()) {
                return refuse("The DHCP range must lie inside " + range.get() + ", start before end");
            }
            ip.append(new XmlElement("dhcp").append(new XmlElement("range")
                    .setAttribute("start", dhcpStart.get().strip()).setAttribute("end", dhcpEnd.get().strip())));
        }
        network.append(ip);
        return Optional.of(XmlFormat.format(network));
    }

    private Optional<String> refuse(String why) {
        error.set(why);
        return Optional.empty();
    }
}
