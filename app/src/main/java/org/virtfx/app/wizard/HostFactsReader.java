package org.virtfx.app.wizard;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.virtfx.app.capability.DriverSupport;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.network.NetworkDefinition;
import org.virtfx.core.network.NetworkSummary;
import org.virtfx.core.network.NetworkXml;
import org.virtfx.core.storage.PoolSummary;
import org.virtfx.core.storage.StorageXml;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlParser;

/** Reads {@link HostFacts} from a connection; blocks on the driver, so it runs as a task. */
final class HostFactsReader {
    private HostFactsReader() {
    }

    static HostFacts read(Connection connection) {
        Set<String> osTypes = new HashSet<>();
        String domainType = "";
        String arch = "";
        // A driver without capabilities (the LXC driver) runs its own kind: LXC runs containers.
        XmlElement caps = DriverSupport.ifSupported(() -> connection.host().capabilitiesXml())
                .map(xml -> new XmlParser().parse(xml, "(capabilities)"))
                .orElseGet(() -> new XmlElement("capabilities").append(new XmlElement("guest")
                        .append(new XmlElement("os_type").setText(connection.driverName().equals("lxc") ? "exe" : "hvm"))
                        .append(new XmlElement("arch").append(new XmlElement("domain")
                                .setAttribute("type", connection.driverName())))));
        for (XmlElement guest : caps.children("guest")) {
            osTypes.add(guest.childText("os_type").orElse(""));
            if (arch.isEmpty() && guest.childText("os_type").orElse("").equals("hvm")) {
                arch = guest.child("arch").flatMap(a -> a.attribute("name")).orElse("");
            }
            if (domainType.isEmpty()) {
                domainType = guest.child("arch").flatMap(a -> a.child("domain")).flatMap(d -> d.attribute("type"))
                        .orElse("");
            }
        }
        // The test driver stands in for every hypervisor: like libvirt's, it defines and runs
        // containers too, which is how the container paths are exercised without root.
        boolean test = connection.driverName().equals("test");
        var node = DriverSupport.ifSupported(() -> connection.host().nodeInfo()).orElse(null);
        Set<String> names = new HashSet<>();
        connection.domains().list().forEach(d -> names.add(d.name()));
        List<NetworkChoice> networks = new ArrayList<>();
        NetworkXml networkXml = new NetworkXml();
        for (NetworkSummary network : DriverSupport.ifSupported(() -> connection.networks().list()).orElse(List.of())) {
            if (network.active()) {
                NetworkDefinition definition = networkXml.parse(connection.networks().xml(network.uuid(), false),
                        network.name());
                networks.add(NetworkChoice.virtualNetwork(network.name(), forwardWords(definition.forwardMode())));
            }
        }
        networks.add(NetworkChoice.NONE);
        String poolName = "";
        String poolPath = "";
        long available = 0;
        for (PoolSummary pool : DriverSupport.ifSupported(() -> connection.storage().listPools()).orElse(List.of())) {
            if (pool.active()) {
                poolName = pool.name();
                poolPath = new StorageXml().parsePool(connection.storage().poolXml(pool.uuid(), false), pool.name())
                        .targetPath();
                available = pool.available();
                break;
            }
        }
        return new HostFacts(domainType.isEmpty() ? connection.driverName() : domainType,
                osTypes.contains("exe") || test, osTypes.contains("hvm") || test,
                node == null ? 0 : node.memoryKiB() / 1024, node == null ? 0 : node.cpus(), names, networks,
                poolName, poolPath, available, arch.isEmpty() ? "x86_64" : arch);
    }

    private static String forwardWords(String mode) {
        return switch (mode == null ? "" : mode) {
            case "nat" -> "NAT";
            case "route" -> "Routed";
            case "open" -> "Open";
            case "bridge" -> "Bridge";
            case "" -> "Isolated network";
            default -> mode;
        };
    }
}
