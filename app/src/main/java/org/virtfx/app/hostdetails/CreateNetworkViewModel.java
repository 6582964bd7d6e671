package org.virtfx.app.hostdetails;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
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
 * "Create a new virtual network": name, mode, IPv4 network with DHCP range, optionally an IPv6
 * network with a DHCPv6 range (as virt-manager's "IPv6 configuration": off by default, a random
 * unique local /64 proposed), or the host bridge for bridge mode. {@link #networkXml} builds
 * the definition or says which field is wrong.
 */
public final class CreateNetworkViewModel {
    private final Set<String> takenNames;
    private final StringProperty name = new SimpleStringProperty("network");
    private final ObjectProperty<NetworkMode> mode = new SimpleObjectProperty<>(NetworkMode.NAT);
    private final StringProperty ipv4 = new SimpleStringProperty("192.168.100.0/24");
    private final BooleanProperty dhcp = new SimpleBooleanProperty(true);
    private final StringProperty dhcpStart = new SimpleStringProperty("");
    private final StringProperty dhcpEnd = new SimpleStringProperty("");
    private final BooleanProperty ipv6Enabled = new SimpleBooleanProperty(false);
    private final StringProperty ipv6 = new SimpleStringProperty("");
    private final BooleanProperty dhcpv6 = new SimpleBooleanProperty(true);
    private final StringProperty dhcpv6Start = new SimpleStringProperty("");
    private final StringProperty dhcpv6End = new SimpleStringProperty("");
    private final StringProperty bridge = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");

    public CreateNetworkViewModel(Set<String> takenNames) {
        // Not the default RandomGenerator: its algorithms live in jdk.random, which the
        // installed runtime does not carry; SecureRandom is java.base's, as RFC 4193 wants.
        this(takenNames, new SecureRandom());
    }

    /** @param random picks the proposed IPv6 network, fd00:XXXX:XXXX:XXXX::/64 */
    public CreateNetworkViewModel(Set<String> takenNames, RandomGenerator random) {
        this.takenNames = Set.copyOf(takenNames);
        for (int n = 1; takenNames.contains(name.get()); n++) {
            name.set("network" + n);
        }
        fillRange();
        ipv4.addListener((obs, was, now) -> fillRange());
        ipv6.addListener((obs, was, now) -> fillIpv6Range());
        ipv6.set(Ipv6Range.randomUniqueLocal(random).toString());
    }

    private void fillIpv6Range() {
        Ipv6Range.parse(ipv6.get()).filter(range -> range.prefix() <= 119).ifPresent(range -> {
            dhcpv6Start.set(range.firstDhcp());
            dhcpv6End.set(range.lastDhcp());
        });
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

    /** "Enable IPv6": whether the network gets an IPv6 {@code <ip>}. */
    public BooleanProperty ipv6EnabledProperty() {
        return ipv6Enabled;
    }

    /** The IPv6 network in CIDR form; the bridge takes its first address. */
    public StringProperty ipv6Property() {
        return ipv6;
    }

    /** "Enable DHCPv6"; without it guests configure themselves by SLAAC. */
    public BooleanProperty dhcpv6Property() {
        return dhcpv6;
    }

    public StringProperty dhcpv6StartProperty() {
        return dhcpv6Start;
    }

    public StringProperty dhcpv6EndProperty() {
        return dhcpv6End;
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
        if (ipv6Enabled.get()) {
            Optional<XmlElement> ip6 = ipv6Element();
            if (ip6.isEmpty()) {
                return Optional.empty();
            }
            network.append(ip6.get());
        }
        return Optional.of(XmlFormat.format(network));
    }

    /**
     * The IPv6 {@code <ip>}, checked as libvirt will check it: the range inside the network,
     * start before end, at most 65536 addresses (libvirt's limit). Without DHCPv6 guests can
     * only use SLAAC, which needs a /64.
     */
    private Optional<XmlElement> ipv6Element() {
        Optional<Ipv6Range> range = Ipv6Range.parse(ipv6.get());
        if (range.isEmpty() || range.get().prefix() < 8 || range.get().prefix() > 126) {
            refuse("The IPv6 network must look like fd00:1234:5678:9abc::/64 (prefix 8 to 126)");
            return Optional.empty();
        }
        XmlElement ip = new XmlElement("ip").setAttribute("family", "ipv6")
                .setAttribute("address", range.get().gateway())
                .setAttribute("prefix", String.valueOf(range.get().prefix()));
        if (!dhcpv6.get()) {
            if (range.get().prefix() != 64) {
                refuse("Without DHCPv6 guests configure IPv6 by SLAAC, which needs a /64 network");
                return Optional.empty();
            }
            return Optional.of(ip);
        }
        Optional<BigInteger> start = Ipv6Range.address(dhcpv6Start.get());
        Optional<BigInteger> end = Ipv6Range.address(dhcpv6End.get());
        if (start.isEmpty() || end.isEmpty() || !range.get().contains(start.get())
                || !range.get().contains(end.get()) || start.get().compareTo(end.get()) > 0) {
            refuse("The DHCPv6 range must lie inside " + range.get() + ", start before end");
            return Optional.empty();
        }
        if (!start.get().shiftRight(16).equals(end.get().shiftRight(16))) {
            refuse("The DHCPv6 range may differ only in its last group (at most 65536 addresses)");
            return Optional.empty();
        }
        ip.append(new XmlElement("dhcp").append(new XmlElement("range")
                .setAttribute("start", Ipv6Range.format(start.get())).setAttribute("end", Ipv6Range.format(end.get()))));
        return Optional.of(ip);
    }

    private Optional<String> refuse(String why) {
        error.set(why);
        return Optional.empty();
    }
}
