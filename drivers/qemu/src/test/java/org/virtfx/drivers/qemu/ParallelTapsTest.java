package org.virtfx.drivers.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.virtfx.core.domain.DomainState;
import org.virtfx.plumbing.netdev.DeviceNames;
import org.virtfx.plumbing.netdev.LinkInfo;
import org.virtfx.plumbing.netdev.RootTests;

/**
 * Ten VMs started at once on one network, while another process takes vnetN names as fast as
 * it can: ten distinct taps, every one a port of the bridge, none left once they stop.
 */
@Timeout(180)
class ParallelTapsTest {

    @BeforeEach
    void root() {
        RootTests.requireRoot();
    }

    @Test
    void tenVmsStartedAtOnceGetTenTapsOnTheBridgeWhileAnotherProcessTakesNames() throws Exception {
        try (QemuTestHost host = QemuTestHost.open()) {
            List<UUID> uuids = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                uuids.add(host.define("p" + i, QemuTestHost.nic()).uuid());
            }
            // The competitor starts where the process-wide counter stands: our next names are its.
            int first = Integer.parseInt(DeviceNames.process().next("vnet").substring(4)) + 1;
            Process competitor = startVnetCreator(host, first, 4000);
            try {
                VmLifecycleTest.await(() -> host.devices.find("vnet" + (first + 10)).isPresent(),
                        "the competitor has taken names ahead of us");
                runAll(uuids, host.connection.domains()::start);
            } finally {
                competitor.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            Set<String> taps = new HashSet<>();
            for (UUID uuid : uuids) {
                assertEquals(DomainState.RUNNING, host.connection.domains().byUuid(uuid).orElseThrow().state());
                String live = host.connection.domains().xml(uuid, false);
                String tap = live.replaceAll("(?s).*<target dev='(vnet\\d+)'/>.*", "$1");
                assertTrue(taps.add(tap), "tap " + tap + " given twice");
                LinkInfo link = host.devices.find(tap).orElseThrow(() -> new AssertionError("no tap " + tap));
                assertEquals("tun", link.kind());
                assertEquals(QemuTestHost.BRIDGE, link.master().orElse(""), tap + " is not a port of the bridge");
            }
            runAll(uuids, host.connection.domains()::destroy);
            assertEquals(List.of(), host.taps(), "taps left behind");
        }
    }

    /** Runs the action for every domain at once, one thread each, and fails with the first error. */
    static void runAll(List<UUID> uuids, Consumer<UUID> action) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(uuids.size());
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Void>> results = new ArrayList<>();
            for (UUID uuid : uuids) {
                results.add(pool.submit(() -> {
                    go.await();
                    action.accept(uuid);
                    return null;
                }));
            }
            go.countDown();
            for (Future<Void> result : results) {
                result.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Another process creating vnetN veths in the test namespace: one {@code ip -batch} fed from a pipe. */
    private static Process startVnetCreator(QemuTestHost host, int first, int count) throws IOException {
        Process process = new ProcessBuilder("ip", "-n", host.namespace.name(), "-force", "-batch", "-")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Thread feeder = new Thread(() -> {
            try (OutputStream in = process.getOutputStream()) {
                for (int i = first; i < first + count; i++) {
                    in.write(("link add vnet" + i + " type veth peer name rival" + i + "\n").getBytes(StandardCharsets.US_ASCII));
                    in.flush();
                }
            } catch (IOException killed) {
                // The test ended and killed the competitor.
            }
        }, "vnet-competitor-feeder");
        feeder.setDaemon(true);
        feeder.start();
        return process;
    }
}
