package org.virtfx.drivers.lxc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.virtfx.core.domain.DomainState;
import org.virtfx.plumbing.netdev.RootTests;

/**
 * Limits, freezing and killing on both cgroup versions: the host's own hierarchy, and cgroup v2
 * wherever the host has one (on this machine kind the empty v2 tree at
 * {@code /sys/fs/cgroup/unified}, on current desktops {@code /sys/fs/cgroup} itself).
 */
class CgroupTest {
    private static final long LIMIT = 64L * 1024 * 1024;

    @BeforeEach
    void root() {
        RootTests.requireRoot();
    }

    @Test
    void hostHierarchyGetsTheDomainsLimits() throws Exception {
        try (LxcTestHost host = LxcTestHost.open()) {
            UUID uuid = host.define("limited", "/bin/sleep", "infinity").uuid();
            host.connection.domains().start(uuid);
            CgroupHierarchy cgroups = host.connection.cgroups();
            Cgroup group = cgroups.open(Container.cgroupName(uuid));
            long init = host.domains().initPid(uuid).orElseThrow();
            assertTrue(group.pids().contains(init), "init runs in the container's cgroup");
            if (group instanceof CgroupV1.Group v1) {
                assertEquals(Long.toString(LIMIT), read(v1.byController().get("memory").resolve("memory.limit_in_bytes")));
                assertEquals("512", read(v1.byController().get("pids").resolve("pids.max")));
            } else {
                Path dir = ((CgroupV2.Group) group).dir();
                assertEquals(Long.toString(LIMIT), read(dir.resolve("memory.max")));
                assertEquals("512", read(dir.resolve("pids.max")));
            }
        }
    }

    @Test
    void cgroupV2FreezesKillsAndCountsCpu() throws Exception {
        Path v2 = v2Mount();
        try (LxcTestHost host = LxcTestHost.open(StartProbe.NONE, parent -> new CgroupV2(v2, parent))) {
            UUID uuid = host.define("unified", "/bin/sh", "-c", "while :; do :; done").uuid();
            host.connection.domains().start(uuid);
            CgroupV2.Group group = (CgroupV2.Group) host.connection.cgroups().open(Container.cgroupName(uuid));
            assertTrue(group.dir().startsWith(v2));
            long init = host.domains().initPid(uuid).orElseThrow();
            assertTrue(group.pids().contains(init));
            Thread.sleep(50);
            assertTrue(host.connection.domains().stats(uuid).cpuTimeNanos() > 0, "cpu.stat counts the busy init");

            host.connection.domains().suspend(uuid);
            assertTrue(read(group.dir().resolve("cgroup.events")).contains("frozen 1"));
            long frozenCpu = host.connection.domains().stats(uuid).cpuTimeNanos();
            Thread.sleep(100);
            assertEquals(frozenCpu, host.connection.domains().stats(uuid).cpuTimeNanos(), "a frozen container burns no CPU");
            host.connection.domains().resume(uuid);
            assertTrue(read(group.dir().resolve("cgroup.events")).contains("frozen 0"));

            host.connection.domains().suspend(uuid);
            host.connection.domains().destroy(uuid);
            assertEquals(DomainState.SHUTOFF, host.connection.domains().byUuid(uuid).orElseThrow().state());
            assertTrue(ProcessHandle.of(init).isEmpty(), "a frozen container is destroyed at once too");
            assertTrue(Files.notExists(group.dir()));
        }
    }

    private static Path v2Mount() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
            String[] f = line.split(" ");
            if (f[2].equals("cgroup2")) {
                return Path.of(f[1]);
            }
        }
        assumeTrue(false, "skipped: this host has no cgroup v2 mount");
        throw new IllegalStateException();
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file).strip();
    }
}
