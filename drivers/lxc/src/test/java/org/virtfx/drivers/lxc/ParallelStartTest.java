package org.virtfx.drivers.lxc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.virtfx.core.domain.DomainState;
import org.virtfx.plumbing.netdev.DeviceNames;
import org.virtfx.plumbing.netdev.LinkInfo;
import org.virtfx.plumbing.netdev.RootTests;

/**
 * The seed scenario: a dozen to a hundred containers on one network, started at once, every
 * one of them working, with and without another process taking vnetN names meanwhile.
 */
class ParallelStartTest {

    @BeforeEach
    void root() {
        RootTests.requireRoot();
    }

    @ParameterizedTest
    @ValueSource(ints = {12, 50, 100})
    void parallelStartsAllSucceedWithUniquePortsAndTheirOwnEth0(int count) throws Exception {
        try (LxcTestHost host = LxcTestHost.open()) {
            List<UUID> uuids = defineMany(host, "c", count);
            startAll(host, uuids);
            assertAllWired(host, uuids);
            destroyAll(host, uuids);
            assertAllGone(host, uuids);
        }
    }

    @Test
    void parallelStartsSucceedWhileAnotherProcessTakesVnetNames() throws Exception {
        try (LxcTestHost host = LxcTestHost.open()) {
            List<UUID> uuids = defineMany(host, "race", 50);
            // The competitor starts exactly where the process-wide counter stands, so our very
            // next names are the ones it takes.
            int first = Integer.parseInt(DeviceNames.process().next("vnet").substring(4)) + 1;
            Process competitor = startVnetCreator(host, first, 4000);
            try {
                ContainerLifecycleTest.await(() -> host.devices.find("vnet" + (first + 10)).isPresent(),
                        "the competitor has taken names ahead of us");
                startAll(host, uuids);
            } finally {
                competitor.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            assertAllWired(host, uuids);
            int lowest = uuids.stream().map(u -> ContainerLifecycleTest.hostEndOf(host, u).substring(4))
                    .mapToInt(Integer::parseInt).min().orElseThrow();
            assertTrue(lowest > first + 10, "our starts never met the competitor (lowest vnet" + lowest + ")");
            destroyAll(host, uuids);
            assertAllGone(host, uuids);
        }
    }

    static List<UUID> defineMany(LxcTestHost host, String prefix, int count) {
        List<UUID> uuids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            uuids.add(host.define(prefix + i, "/bin/sleep", "infinity").uuid());
        }
        return uuids;
    }

    static void startAll(LxcTestHost host, List<UUID> uuids) throws Exception {
        runAll(uuids, uuid -> host.connection.domains().start(uuid));
    }

    static void destroyAll(LxcTestHost host, List<UUID> uuids) throws Exception {
        runAll(uuids, uuid -> host.connection.domains().destroy(uuid));
    }

    interface Action {
        void run(UUID uuid);
    }

    /** Runs the action for every domain at once, one thread each, and fails naming every error. */
    static void runAll(List<UUID> uuids, Action action) throws Exception {
        List<String> failures = attemptAll(uuids, action);
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.size() + " of " + uuids.size() + " failed: " + failures);
        }
    }

    /** Runs the action for every domain at once, one thread each; returns one line per failure. */
    static List<String> attemptAll(List<UUID> uuids, Action action) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(uuids.size());
        List<String> failures = new ArrayList<>();
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Void>> results = new ArrayList<>();
            for (UUID uuid : uuids) {
                Callable<Void> task = () -> {
                    go.await();
                    action.run(uuid);
                    return null;
                };
                results.add(pool.submit(task));
            }
            go.countDown();
            for (int i = 0; i < results.size(); i++) {
                try {
                    results.get(i).get(120, TimeUnit.SECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    failures.add(uuids.get(i) + ": " + (e.getCause() != null ? e.getCause() : e));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return failures;
    }

    static void assertAllWired(LxcTestHost host, List<UUID> uuids) throws IOException {
        Set<String> hostEnds = new HashSet<>();
        for (UUID uuid : uuids) {
            assertEquals(DomainState.RUNNING, host.connection.domains().byUuid(uuid).orElseThrow().state());
            String end = ContainerLifecycleTest.hostEndOf(host, uuid);
            assertTrue(hostEnds.add(end), "host end " + end + " given twice");
            LinkInfo link = host.devices.find(end).orElseThrow(() -> new AssertionError("no host end " + end));
            assertEquals(LxcTestHost.BRIDGE, link.master().orElse(""), end + " is not a port of the bridge");
            long init = host.domains().initPid(uuid).orElseThrow();
            Path eth0 = Path.of("/proc", Long.toString(init), "root/sys/class/net/eth0/address");
            assertEquals(ContainerLifecycleTest.macOf(host, uuid), Files.readString(eth0).strip(),
                    "eth0 inside container " + uuid + " carries its MAC");
        }
    }

    static void assertAllGone(LxcTestHost host, List<UUID> uuids) throws InterruptedException {
        for (UUID uuid : uuids) {
            assertEquals(DomainState.SHUTOFF, host.connection.domains().byUuid(uuid).orElseThrow().state());
            ContainerLifecycleTest.assertNoCgroupLeft(host, uuid);
        }
        assertTrue(ProcessHandle.current().children().noneMatch(p -> p.info().command().orElse("")
                .endsWith(SupervisorProgram.FILE_NAME)), "a supervisor outlived its container");
        ContainerLifecycleTest.await(() -> host.hostEnds().stream().noneMatch(l -> l.master().isPresent()),
                "every host end leaves the bridge with its container");
    }

    /**
     * Another process creating vnet0, vnet1... in the test namespace as fast as it can: one
     * {@code ip -batch} fed from a pipe, going on past errors.
     */
    static Process startVnetCreator(LxcTestHost host, int first, int count) throws IOException {
        Process process = new ProcessBuilder("ip", "-n", host.namespace.name(), "-force", "-batch", "-")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Thread feeder = new Thread(() -> {
            try (OutputStream in = process.getOutputStream()) {
                for (int i = first; i < first + count; i++) {
                    in.write(("link add vnet" + i + " type veth peer name rival" + i + "\n").getBytes(StandardCharsets.US_ASCII));
                    in.flush();
                }
            } catch (IOException killed) {
                // The test ended and killed the competitor: nothing left to feed.
            }
        }, "vnet-competitor-feeder");
        feeder.setDaemon(true);
        feeder.start();
        return process;
    }
}
