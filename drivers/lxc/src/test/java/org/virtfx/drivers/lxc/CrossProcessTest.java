package org.virtfx.drivers.lxc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.virtfx.core.domain.DomainState;
import org.virtfx.plumbing.netdev.RootTests;

/**
 * Several VirtFX processes on one host at once, as the GUI and any number of command lines
 * are: definitions and jobs are serialized across processes as a daemon would serialize them.
 */
class CrossProcessTest {
    private static final int ROUNDS = 5;
    private static final long CHURN_MILLIS = 10_000;
    /**
     * Few domains, so that the four processes meet on each one's lock all the time: with ten,
     * the race a waiting start once lost to a dropped transient domain showed in none of 18 runs;
     * with four, in 2 of 8 (and with six processes, 4 of 8).
     */
    private static final int CHURN_DOMAINS = 4;

    @BeforeEach
    void root() {
        RootTests.requireRoot();
    }

    @Test
    void twoProcessesDefiningOneUuidUnderTwoNamesNeverBothSucceed() throws Exception {
        try (LxcTestHost host = LxcTestHost.open()) {
            LxcChildren children = new LxcChildren(host);
            for (int round = 0; round < ROUNDS; round++) {
                UUID uuid = UUID.randomUUID();
                List<String> outputs = children.race("define",
                        xml("a" + round, uuid), xml("b" + round, uuid));
                assertEquals(1, outputs.stream().filter(o -> o.startsWith("defined ")).count(), outputs.toString());
                assertTrue(outputs.stream().anyMatch(o -> o.contains("is already defined with uuid " + uuid)),
                        outputs.toString());
            }
            String listing = children.run("list");
            assertEquals(ROUNDS, listing.lines().filter(l -> l.startsWith("domain ")).count(), listing);
        }
    }

    @Test
    void twoProcessesDefiningOneNameUnderTwoUuidsNeverBothSucceed() throws Exception {
        try (LxcTestHost host = LxcTestHost.open()) {
            LxcChildren children = new LxcChildren(host);
            List<String> outputs = children.race("define",
                    xml("same", UUID.randomUUID()), xml("same", UUID.randomUUID()));
            assertEquals(1, outputs.stream().filter(o -> o.startsWith("defined ")).count(), outputs.toString());
            assertTrue(outputs.stream().anyMatch(o -> o.contains("domain 'same' already exists with uuid")),
                    outputs.toString());
        }
    }

    @Test
    void twoProcessesStartingOrDestroyingOneContainerNeverBothDoIt() throws Exception {
        try (LxcTestHost host = LxcTestHost.open()) {
            LxcChildren children = new LxcChildren(host);
            host.define("shared", "/bin/sleep", "infinity");
            for (int round = 0; round < ROUNDS; round++) {
                List<String> outputs = children.race("start", "shared", "shared");
                assertEquals(1, outputs.stream().filter(o -> o.contains("started shared")).count(),
                        outputs.toString());
                assertTrue(outputs.stream().anyMatch(o -> o.contains("Domain is already running")),
                        outputs.toString());
                List<String> destroys = children.race("destroy", "shared", "shared");
                assertEquals(1, destroys.stream().filter(o -> o.contains("destroyed shared")).count(),
                        destroys.toString());
                assertTrue(destroys.stream().anyMatch(o -> o.contains("domain is not running")), destroys.toString());
            }
        }
    }

    @Test
    void fourProcessesDefiningStartingDestroyingAndUndefiningTheSameDomainsLoseAndLeakNothing() throws Exception {
        try (LxcTestHost host = LxcTestHost.open()) {
            LxcChildren children = new LxcChildren(host);
            HostCensus before = HostCensus.of(host);
            Path go = Files.createTempFile("virtfx-go-", "");
            // A failed assertion skips the delete below; the line file must not outlive the run.
            go.toFile().deleteOnExit();
            Files.delete(go);
            List<Process> processes = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                processes.add(children.spawn(go, "churn", Integer.toString(CHURN_DOMAINS),
                        Long.toString(CHURN_MILLIS)));
            }
            Thread.sleep(3000);
            Files.createFile(go);
            int operations = 0;
            List<String> outputs = new ArrayList<>();
            for (Process process : processes) {
                outputs.add(children.output(process));
            }
            // Every child's output in the message: a leak one made shows as another's failure.
            String all = String.join("\n----\n", outputs);
            for (String output : outputs) {
                assertTrue(output.lines().noneMatch(l -> l.startsWith("unexpected ") || l.startsWith("error ")
                        || l.contains("WARNING")), all);
                operations += Integer.parseInt(output.lines().filter(l -> l.startsWith("operations "))
                        .findFirst().orElseThrow(() -> new AssertionError(all)).substring(11));
            }
            Files.delete(go);
            // No hidden definition: every file on disk is a listed domain, and every listed domain
            // that is persistent has its file.
            List<String> stored;
            try (var files = Files.list(host.directory.resolve("etc"))) {
                stored = files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".xml"))
                        .map(f -> f.substring(0, f.length() - 4)).sorted().toList();
            }
            String listing = children.run("list");
            List<String> listed = listing.lines().filter(l -> l.startsWith("domain ")).map(l -> l.split(" ")[1])
                    .sorted().toList();
            assertTrue(listed.containsAll(stored), "stored " + stored + ", listed " + listing);
            String destroyed = children.run("destroy-all");
            assertTrue(destroyed.lines().noneMatch(l -> l.startsWith("error ")), destroyed);
            HostCensus after = HostCensus.of(host);
            assertEquals(before.devices(), after.devices());
            assertEquals(before.cgroups(), after.cgroups());
            assertEquals(before.processes(), after.processes());
            System.out.println("churn: 4 processes, " + operations + " operations, " + stored.size()
                    + " definitions left, none hidden, none leaked");
        }
    }

    @Test
    void aContainerAnotherProcessStartedIsSeenShutOffOnceItsInitExits() throws Exception {
        try (LxcTestHost host = LxcTestHost.open()) {
            UUID uuid = host.define("inside", "/bin/sleep", "infinity").uuid();
            String started = new LxcChildren(host).run("start", "inside");
            assertTrue(started.contains("started inside"), started);
            LxcConnection adopter = host.reopen();
            assertEquals(DomainState.RUNNING, adopter.domains().byUuid(uuid).orElseThrow().state());
            // Ended from inside: its init exits, then its supervisor, which is nobody's child here.
            ContainerStateFile record = ContainerStateFile.read(ContainerStateFile.path(
                    LxcTestHost.config(host.directory, host.namespace, host.cgroupParent).stateDirectory(), "inside"));
            ProcessHandle.of(record.initPid()).orElseThrow().destroyForcibly();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (adopter.domains().byUuid(uuid).orElseThrow().state() != DomainState.SHUTOFF
                    && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(DomainState.SHUTOFF, adopter.domains().byUuid(uuid).orElseThrow().state());
        }
    }

    private static String xml(String name, UUID uuid) throws Exception {
        Path file = Files.createTempFile("virtfx-define-", ".xml");
        file.toFile().deleteOnExit();
        Files.writeString(file, "<domain type='lxc'><name>" + name + "</name><uuid>" + uuid + "</uuid>"
                + "<memory unit='MiB'>64</memory><os><type>exe</type><init>/bin/sleep</init></os></domain>");
        return file.toString();
    }
}
