package org.virtfx.drivers.libvirt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.virtfx.core.domain.DomainFamily;
import org.virtfx.core.domain.DomainStats;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.host.HostDevice;
import org.virtfx.core.host.HostFamily;
import org.virtfx.core.host.HostInterface;
import org.virtfx.core.host.HostUsage;
import org.virtfx.core.host.MediatedDevice;
import org.virtfx.core.host.MediatedDeviceType;
import org.virtfx.core.host.NodeInfo;
import org.virtfx.core.host.NumaCell;
import org.virtfx.core.host.VersionNumber;
import org.virtfx.core.xml.ScaledSize;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlParser;
import org.virtfx.drivers.libvirt.binding.LibvirtError;
import org.virtfx.drivers.libvirt.binding.VirConnect;
import org.virtfx.drivers.libvirt.binding.VirNodeDevice;

/** Host facts as libvirt reports them for the connection's hypervisor. */
final class LibvirtHost implements HostFamily {
    private final VirConnect conn;
    private final DomainFamily domains;
    private final XmlParser parser = new XmlParser();
    /** Cleared once libvirt says the driver has no host statistics (the test driver), so it is asked once. */
    private volatile boolean nodeStats = true;

    LibvirtHost(VirConnect conn, DomainFamily domains) {
        this.conn = conn;
        this.domains = domains;
    }

    @Override
    public String driverName() {
        return LibvirtDriver.NAME;
    }

    /** The node device driver's devices of the kind ({@code virsh nodedev-list --cap usb_device}), each read from its XML. */
    @Override
    public List<HostDevice> devices(HostDevice.Kind kind) {
        int flag = kind == HostDevice.Kind.USB ? VirNodeDevice.LIST_USB : VirNodeDevice.LIST_PCI;
        return nodeDeviceXml(flag).stream().map(HostDevice::parse).toList();
    }

    /**
     * The mediated devices ({@code virsh nodedev-list --cap mdev}), each with the name and
     * interface of its type, which libvirt writes only in the parent's types.
     */
    @Override
    public List<MediatedDevice> mediatedDevices() {
        Map<String, MediatedDeviceType> types = new HashMap<>();
        for (MediatedDeviceType type : mediatedDeviceTypes()) {
            types.put(type.parent() + "/" + type.id(), type);
        }
        List<MediatedDevice> devices = new ArrayList<>();
        for (String xml : nodeDeviceXml(VirNodeDevice.LIST_MDEV)) {
            MediatedDevice device = MediatedDevice.parse(xml);
            MediatedDeviceType type = types.get(device.parent() + "/" + device.typeId());
            devices.add(type == null ? device : new MediatedDevice(device.name(), device.uuid(), device.parent(),
                    device.typeId(), type.name(), type.deviceApi()));
        }
        return devices;
    }

    /** The types the host's devices can make ({@code virsh nodedev-list --cap mdev_types}), parent by parent. */
    @Override
    public List<MediatedDeviceType> mediatedDeviceTypes() {
        List<MediatedDeviceType> types = new ArrayList<>();
        for (String xml : nodeDeviceXml(VirNodeDevice.LIST_MDEV_TYPES)) {
            types.addAll(MediatedDeviceType.parse(xml));
        }
        return types;
    }

    private List<String> nodeDeviceXml(int capability) {
        List<String> xml = new ArrayList<>();
        for (VirNodeDevice device : conn.listAllNodeDevices(capability)) {
            try (device) {
                xml.add(device.xml());
            }
        }
        return xml;
    }

    @Override
    public NodeInfo nodeInfo() {
        return conn.nodeInfo();
    }

    /** The cells of the capabilities document's {@code <host><topology>}; none when it has no topology. */
    @Override
    public List<NumaCell> numaCells() {
        XmlElement capabilities = parser.parse(capabilitiesXml(), "(capabilities)");
        List<NumaCell> cells = new ArrayList<>();
        capabilities.child("host").flatMap(h -> h.child("topology")).flatMap(t -> t.child("cells"))
                .ifPresent(list -> list.children("cell").forEach(cell -> cells.add(cell(cell))));
        return cells;
    }

    private static NumaCell cell(XmlElement cell) {
        long memoryKiB = cell.child("memory").map(m -> ScaledSize.toKiB(m.text(), m.attribute("unit").orElse("KiB"),
                "<memory> of a NUMA cell")).orElse(0L);
        List<Integer> cpus = cell.child("cpus").map(c -> c.children("cpu").stream()
                .map(cpu -> Integer.parseInt(cpu.attribute("id").orElse("0"))).toList()).orElse(List.of());
        return new NumaCell(Integer.parseInt(cell.attribute("id").orElse("0")), memoryKiB, cpus);
    }

    @Override
    public String capabilitiesXml() {
        return conn.capabilities();
    }

    @Override
    public String hostname() {
        return conn.hostname();
    }

    @Override
    public String hypervisorType() {
        return conn.type();
    }

    @Override
    public VersionNumber hypervisorVersion() {
        return VersionNumber.decode(conn.version());
    }

    @Override
    public VersionNumber libraryVersion() {
        return VersionNumber.decode(conn.libVersion());
    }

    @Override
    public List<HostInterface> interfaces() {
        return conn.interfaces();
    }

    /**
     * The host's own CPU and memory counters where libvirt's driver has them (QEMU, LXC); for
     * drivers without them (the test driver) what the running domains use, as virt-manager
     * draws a host's graph from its domains.
     */
    @Override
    public HostUsage usage() {
        long now = System.nanoTime();
        if (nodeStats) {
            try {
                Map<String, Long> cpu = conn.nodeCpuStats();
                Map<String, Long> memory = conn.nodeMemoryStats();
                long busy = cpu.entrySet().stream().filter(e -> !e.getKey().equals("idle") && !e.getKey().equals("iowait"))
                        .mapToLong(Map.Entry::getValue).sum();
                long total = memory.getOrDefault("total", 0L);
                long free = memory.getOrDefault("free", 0L) + memory.getOrDefault("buffers", 0L)
                        + memory.getOrDefault("cached", 0L);
                return new HostUsage(busy, Math.max(0, total - free), total, now);
            } catch (VirtException e) {
                if (!LibvirtError.is(e, LibvirtError.NO_SUPPORT)) {
                    throw e;
                }
                nodeStats = false;
            }
        }
        long cpu = 0;
        long memory = 0;
        for (DomainSummary summary : domains.list()) {
            if (summary.isActive()) {
                DomainStats stats = domains.stats(summary.uuid());
                cpu += stats.cpuTimeNanos();
                memory += stats.memoryKiB();
            }
        }
        long total = nodeInfo().memoryKiB();
        return new HostUsage(cpu, Math.min(memory, total), total, now);
    }
}
