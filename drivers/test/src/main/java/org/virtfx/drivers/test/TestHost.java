package org.virtfx.drivers.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.virtfx.core.domain.DomainStats;
import org.virtfx.core.host.HostCapabilities;
import org.virtfx.core.host.HostFamily;
import org.virtfx.core.host.HostInterface;
import org.virtfx.core.host.HostUsage;
import org.virtfx.core.host.NodeInfo;
import org.virtfx.core.host.NumaCell;
import org.virtfx.core.host.VersionNumber;

/** The test node's host facts, with the values libvirt's test driver reports. */
final class TestHost implements HostFamily {
    /** libvirt's test driver reports hypervisor version 2, that is 0.0.2. */
    private static final VersionNumber HYPERVISOR_VERSION = new VersionNumber(0, 0, 2);

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
        return VersionNumber.LIBVIRT_COMPATIBLE;
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
        List<HostCapabilities.Guest> guests = List.of("hvm", "xen").stream()
                .map(osType -> new HostCapabilities.Guest(osType, "i686", 32, "/usr/bin/test-hv", List.of("test")))
                .toList();
        return new HostCapabilities(Optional.empty(), "i686", node.nodeInfo(), node.cells(), "testSecurity", guests).xml();
    }
}
