package org.virtfx.plumbing.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtfx.core.host.HostInterface;
import org.virtfx.core.host.HostUsage;
import org.virtfx.core.host.NodeInfo;

/** The host's facts agree with what the kernel says through other doors (nproc, uname, meminfo). */
class LinuxHostTest {
    private final LinuxHost host = new LinuxHost();

    @Test
    void nodeInfoCountsTheOnlineCpusAndTheMemory() throws Exception {
        NodeInfo node = host.nodeInfo();
        assertTrue(Runtime.getRuntime().availableProcessors() <= node.cpus(), "online CPUs: " + node.cpus());
        String memTotal = Files.readAllLines(Path.of("/proc/meminfo")).get(0);
        assertEquals("MemTotal:", memTotal.split("\\s+")[0]);
        assertEquals(Long.parseLong(memTotal.split("\\s+")[1]), node.memoryKiB());
        assertTrue(node.numaNodes() >= 1 && node.socketsPerNode() >= 1 && node.coresPerSocket() >= 1
                && node.threadsPerCore() >= 1, node.toString());
        assertEquals(node.cpus(), host.numaCells().stream().mapToInt(c -> c.cpus().size()).sum(),
                "every online CPU sits in one NUMA cell");
    }

    @Test
    void theKernelVersionIsUnamesRelease() throws Exception {
        String release = Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
        assertTrue(release.startsWith(host.kernelVersion().major() + "." + host.kernelVersion().minor()),
                release + " vs " + host.kernelVersion());
    }

    @Test
    void usageGrowsWithBusyTimeAndStaysWithinMemory() {
        HostUsage before = host.usage();
        long spin = System.nanoTime() + 50_000_000;
        while (System.nanoTime() < spin) {
            Thread.onSpinWait();
        }
        HostUsage after = host.usage();
        assertTrue(after.cpuTimeNanos() > before.cpuTimeNanos(), before + " then " + after);
        assertTrue(after.memoryUsedKiB() > 0 && after.memoryUsedKiB() <= after.memoryTotalKiB(), after.toString());
    }

    @Test
    void interfacesAreSysfsNetDevicesButLoopback() throws Exception {
        List<String> names = host.interfaces().stream().map(HostInterface::name).toList();
        try (var links = Files.list(Path.of("/sys/class/net"))) {
            assertEquals(links.map(p -> p.getFileName().toString()).filter(n -> !n.equals("lo")).sorted().toList(), names);
        }
    }

    @Test
    void theUuidIsAUuidWhenTheHostHasOne() {
        host.uuid().ifPresent(u -> assertEquals(36, u.length(), u));
        assertTrue(host.uuid().isPresent() || !Files.exists(Path.of("/etc/machine-id")));
    }
}
