package org.virtfx.drivers.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.virtfx.core.domain.DomainStats;
import org.virtfx.core.host.HostFamily;
import org.virtfx.core.host.HostInterface;
import org.virtfx.core.host.HostUsage;
import org.virtfx.core.host.NodeInfo;
import org.virtfx.core.host.NumaCell;
import org.virtfx.core.host.VersionNumber;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlFormat;

/** The test node's host facts, with the values libvirt's test driver reports. */
final class TestHost implements HostFamily {
    /** libvirt's test driver reports hypervisor version 2, that is 0.0.2. */
    private static final VersionNumber HYPERVISOR_VERSION = new VersionNumber(0, 0, 2);
    /** The libvirt release whose behaviour and XML VirtFX matches. */
    static final VersionNumber LIBVIRT_COMPAT = new VersionNumber(9, 9, 0);

    private final TestNode node;
    private final TestDomains domains;

    TestHost(TestNode node, TestDomains domains) {
        this.node = node;
        this.domains = domains;
    }

    @Override
    public String driverName() {
        return TestDriver.NAME;
    }

    @Override
    public NodeInfo nodeInfo() {
        return node.nodeInfo();
    }

    @Override
    public List<NumaCell> numaCells() {
        return node.cells();
    }

    @Override
    public String hostname() {
        // The test driver names the real host, as libvirt's does; the kernel knows it without DNS.
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (IOException e) {
            return "localhost";
        }
    }

    @Override
    public String hypervisorType() {
        return "TEST";
    }

    @Override
    public VersionNumber hypervisorVersion() {
        return HYPERVISOR_VERSION;
    }

    @Override
    public VersionNumber libraryVersion() {
        return LIBVIRT_COMPAT;
    }

    @Override
    public List<HostInterface> interfaces() {
        return node.interfaces();
    }

    /** Host use is what the running test domains use: their CPU time and current memory. */
    @Override
    public HostUsage usage() {
        long now = System.nanoTime();
        long cpu = 0;
        long memory = 0;
        for (var summary : domains.list()) {
            if (summary.isActive()) {
                DomainStats stats = domains.stats(summary.uuid());
                cpu += stats.cpuTimeNanos();
                memory += stats.memoryKiB();
            }
        }
        long total = node.nodeInfo().memoryKiB();
        return new HostUsage(cpu, Math.min(memory, total), total, now);
    }

    @Override
    public String capabilitiesXml() {
        NodeInfo info = node.nodeInfo();
        XmlElement host = new XmlElement("host")
                .append(new XmlElement("cpu")
                        .append(new XmlElement("arch").setText("i686"))
                        .append(new XmlElement("topology")
                                .setAttribute("sockets", Integer.toString(info.socketsPerNode()))
                                .setAttribute("dies", "1")
                                .setAttribute("clusters", "1")
                                .setAttribute("cores", Integer.toString(info.coresPerSocket()))
                                .setAttribute("threads", Integer.toString(info.threadsPerCore()))));
        if (!node.cells().isEmpty()) {
            XmlElement cells = new XmlElement("cells").setAttribute("num", Integer.toString(node.cells().size()));
            for (NumaCell cell : node.cells()) {
                XmlElement cpus = new XmlElement("cpus").setAttribute("num", Integer.toString(cell.cpus().size()));
                cell.cpus().forEach(id -> cpus.append(new XmlElement("cpu").setAttribute("id", id.toString())));
                cells.append(new XmlElement("cell").setAttribute("id", Integer.toString(cell.id()))
                        .append(new XmlElement("memory").setAttribute("unit", "KiB").setText(Long.toString(cell.memoryKiB())))
                        .append(cpus));
            }
            host.append(new XmlElement("topology").append(cells));
        }
        host.append(new XmlElement("secmodel").append(new XmlElement("model").setText("testSecurity"))
                .append(new XmlElement("doi")));
        XmlElement capabilities = new XmlElement("capabilities").append(host);
        for (String osType : List.of("hvm", "xen")) {
            capabilities.append(new XmlElement("guest")
                    .append(new XmlElement("os_type").setText(osType))
                    .append(new XmlElement("arch").setAttribute("name", "i686")
                            .append(new XmlElement("wordsize").setText("32"))
                            .append(new XmlElement("emulator").setText("/usr/bin/test-hv"))
                            .append(new XmlElement("domain").setAttribute("type", "test"))));
        }
        return XmlFormat.format(capabilities);
    }
}
