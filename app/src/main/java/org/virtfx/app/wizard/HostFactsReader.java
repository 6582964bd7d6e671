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
        new DefaultPool(System.getenv()).ensure(connection);
        Set<String> osTypes = new HashSet<>();
        String domainType = "";
        String arch = "";
        XmlElement caps = new XmlParser().parse(connection.host().capabilitiesXml(), "(capabilities)");
        boolean anyKind = false;
        boolean q35 = false;
        String hostArch = caps.child("host").flatMap(h -> h.child("cpu")).flatMap(c -> c.childText("arch"))
                .map(String::strip).orElse("");
        for (XmlElement guest : caps.children("guest")) {
            osTypes.add(guest.childText("os_type").orElse(""));
            String guestArch = guest.child("arch").flatMap(a -> a.attribute("name")).orElse("");
            // libvirt lists i686 before x86_64 on an x86_64 host: the host's own arch is the one to install.
            if (guest.childText("os_type").orElse("").equals("hvm") && (arch.isEmpty() || guestArch.equals(hostArch))) {
                arch = guestArch;
            }
            String type = guest.child("arch").flatMap(a -> a.child("domain")).flatMap(d -> d.attribute("type"))
                    .orElse("");
            if (domainType.isEmpty()) {
                domainType = type;
            }
            // libvirt's test hypervisor (domain type 'test') defines and runs every kind of
            // guest, containers too, which is how the container paths are exercised without root.
            anyKind |= type.equals("test");
            q35 |= guestArch.equals("x86_64") && (type.equals("qemu") || type.equals("kvm")) && takesQ35(guest);
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
        boolean machines = osTypes.contains("hvm") || anyKind;
        boolean containers = osTypes.contains("exe") || anyKind;
        if (machines && !containers) {
            networks.add(NetworkChoice.USER);
        }
        networks.add(NetworkChoice.NONE);
        String poolName = "";
        String poolPath = "";
        long available = 0;
        boolean storagePools = connection.supports(Feature.STORAGE_POOLS);
        List<PoolSummary> pools = storagePools ? connection.storage().listPools() : List.of();
        List<VolumeChoice> volumes = new ArrayList<>();
        for (PoolSummary pool : pools) {
            if (pool.active()) {
                if (poolName.isEmpty()) {
                    poolName = pool.name();
                    poolPath = new StorageXml().parsePool(connection.storage().poolXml(pool.uuid(), false), pool.name())
                            .targetPath();
                    available = pool.available();
                }
                connection.storage().listVolumes(pool.uuid())
                        .forEach(v -> volumes.add(new VolumeChoice(pool.name(), v.name(), v.path())));
            }
        }
        String type = domainType.isEmpty() ? connection.driverName() : domainType;
        UefiFirmware uefi = connection.supports(Feature.FIRMWARE_AUTOSELECT) ? UefiFirmware.AUTO
                : UefiFirmware.installedOvmf();
        return new HostFacts(type, containers, machines,
                node.memoryKiB() / 1024, node.cpus(), names, networks,
                poolName, poolPath, available, arch.isEmpty() ? "x86_64" : arch, storagePools, volumes, uefi,
                q35 && arch.equals("x86_64") && connection.host().hypervisorType().equals("QEMU"));
    }

    /**
     * virt-install's {@code "q35" in capsinfo.machines}: libvirt lists each machine type of a
     * guest's emulator, q35 by its alias. A guest that lists no machines (a driver that does not
     * probe them) is taken to offer both pc and q35.
     */
    static boolean takesQ35(XmlElement guest) {
        List<String> machines = new ArrayList<>();
        guest.child("arch").ifPresent(arch -> {
            arch.children("machine").forEach(m -> machines.add(m.text().strip()));
            arch.children("domain").forEach(d -> d.children("machine").forEach(m -> machines.add(m.text().strip())));
        });
        return machines.isEmpty() || machines.contains("q35");
    }
}
