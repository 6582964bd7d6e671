package org.virtfx.app.wizard;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.virtfx.app.addhardware.HostSourcesReader;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.Feature;
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
        XmlElement caps = new XmlParser().parse(connection.host().capabilitiesXml(), "(capabilities)");
        boolean anyKind = false;
        for (XmlElement guest : caps.children("guest")) {
            osTypes.add(guest.childText("os_type").orElse(""));
            if (arch.isEmpty() && guest.childText("os_type").orElse("").equals("hvm")) {
                arch = guest.child("arch").flatMap(a -> a.attribute("name")).orElse("");
            }
            String type = guest.child("arch").flatMap(a -> a.child("domain")).flatMap(d -> d.attribute("type"))
                    .orElse("");
            if (domainType.isEmpty()) {
                domainType = type;
            }
            // libvirt's test hypervisor (domain type 'test') defines and runs every kind of
            // guest, containers too, which is how the container paths are exercised without root.
            anyKind |= type.equals("test");
        }
        var node = connection.host().nodeInfo();
        Set<String> names = new HashSet<>();
        connection.domains().list().forEach(d -> names.add(d.name()));
        List<NetworkChoice> networks = new ArrayList<>();
        NetworkXml networkXml = new NetworkXml();
        List<NetworkSummary> networkList = connection.supports(Feature.VIRTUAL_NETWORKS) ? connection.networks().list()
                : List.of();
        for (NetworkSummary network : networkList) {
            if (network.active()) {
                NetworkDefinition definition = networkXml.parse(connection.networks().xml(network.uuid(), false),
                        network.name());
                networks.add(NetworkChoice.virtualNetwork(network.name(), HostSourcesReader.forwardWords(definition.forwardMode())));
            }
        }
        networks.add(NetworkChoice.NONE);
        String poolName = "";
        String poolPath = "";
        long available = 0;
        List<PoolSummary> pools = connection.supports(Feature.STORAGE_POOLS) ? connection.storage().listPools() : List.of();
        for (PoolSummary pool : pools) {
            if (pool.active()) {
                poolName = pool.name();
                poolPath = new StorageXml().parsePool(connection.storage().poolXml(pool.uuid(), false), pool.name())
                        .targetPath();
                available = pool.available();
                break;
            }
        }
        return new HostFacts(domainType.isEmpty() ? connection.driverName() : domainType,
                osTypes.contains("exe") || anyKind, osTypes.contains("hvm") || anyKind,
                node.memoryKiB() / 1024, node.cpus(), names, networks,
                poolName, poolPath, available, arch.isEmpty() ? "x86_64" : arch);
    }
}
