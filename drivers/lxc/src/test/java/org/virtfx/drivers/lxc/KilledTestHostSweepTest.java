package org.virtfx.drivers.lxc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.virtfx.plumbing.netdev.RootTests;
import org.virtfx.plumbing.process.ChildJvms;
import org.virtfx.plumbing.process.ProcessEnds;
import org.virtfx.plumbing.process.ProcessTable;
import org.virtfx.plumbing.testhost.LeftoverSweep;

/**
 * The case that left three dnsmasq behind: a test JVM with an LXC test host open (a DHCP
 * network, a running and a suspended container) is SIGKILLed, so its close never runs; the next
 * test JVM's sweep leaves no dnsmasq, supervisor, container process, namespace, cgroup or folder
 * of it.
 */
class KilledTestHostSweepTest {
    @BeforeEach
    void root() {
        RootTests.requireRoot();
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void theSweepRemovesEverythingOfAKilledJvmsLxcHost() throws Exception {
        ChildJvms children = new ChildJvms(HostHolder.class, List.of());
        Path info = Files.createTempFile("virtfx-holder-", ".info");
        Files.delete(info);
        Path go = Files.createTempFile("virtfx-go-", "");
        Files.delete(go);
        Process jvm = children.spawnReady(go, List.of(info.toString()));
        try {
            List<String> lines = Files.readAllLines(info);
            Path folder = Path.of(lines.get(0));
            String namespace = lines.get(1);
            String parent = lines.get(2);
            List<Long> inits = Arrays.stream(lines.get(3).split(" ")).map(Long::parseLong).toList();
            List<ProcessTable.Entry> named = ProcessTable.naming(folder.toString());
            assertTrue(named.stream().anyMatch(p -> p.commandLine().startsWith("dnsmasq")
                    || p.commandLine().contains("/dnsmasq ")), "dnsmasq runs: " + named);
            List<Long> pids = new ArrayList<>(inits);
            named.forEach(p -> pids.add(p.pid()));
            inits.forEach(init -> ProcessHandle.of(init).flatMap(ProcessHandle::parent).ifPresent(s -> pids.add(s.pid())));
            assertFalse(groups(parent).isEmpty(), "the containers' cgroups are there");

            jvm.destroyForcibly();
            assertTrue(jvm.waitFor(30, TimeUnit.SECONDS));
            assertTrue(inits.stream().noneMatch(ProcessEnds::ended), "the containers outlive the killed JVM");

            // Another test JVM's first sweep may take the dead lease at the same moment; then it finishes it.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            do {
                LeftoverSweep.sweep();
            } while (leaseNaming(namespace) && System.nanoTime() < deadline);

            assertEquals(List.of(), pids.stream().filter(pid -> !ProcessEnds.ended(pid)).toList(),
                    "no dnsmasq, supervisor or container process is left of " + pids);
            assertEquals(List.of(), ProcessTable.naming(folder.toString()), "nothing runs from the host's folder");
            assertFalse(Files.exists(Path.of("/run/netns", namespace)), "its namespace is gone");
            assertEquals(List.of(), groups(parent), "its cgroups are gone");
            assertFalse(Files.exists(folder), "its folder is gone");
            assertFalse(leaseNaming(namespace), "its lease is gone");
        } finally {
            jvm.destroyForcibly();
            jvm.waitFor(30, TimeUnit.SECONDS);
            Files.deleteIfExists(info);
            LeftoverSweep.sweep();
        }
    }

    /** The host's cgroup parent in every hierarchy that has it. */
    private static List<Path> groups(String parent) throws IOException {
        return LeftoverSweep.cgroupHierarchies().stream().map(h -> h.resolve(parent)).filter(Files::isDirectory).toList();
    }

    /** Whether a lease names {@code namespace}; this JVM's own are never opened (a close would drop their locks). */
    private static boolean leaseNaming(String namespace) throws IOException {
        String ours = ProcessHandle.current().pid() + "-";
        try (Stream<Path> leases = Files.list(Path.of("/tmp/virtfx-test-leases"))) {
            return leases.filter(lease -> !lease.getFileName().toString().startsWith(ours))
                    .anyMatch(lease -> read(lease).contains(namespace));
        }
    }

    private static String read(Path lease) {
        try {
            return Files.readString(lease);
        } catch (IOException goneMeanwhile) {
            return "";
        }
    }
}
