package org.virtfx.drivers.lxc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.virtfx.plumbing.netdev.DeviceNames;
import org.virtfx.plumbing.netdev.RootTests;

/**
 * The soak: 20 rounds of 100 containers started and destroyed at once while another process
 * creates vnetN names ahead of ours. Every start and destroy must succeed, and after each round
 * the host holds what it held before. About five minutes here, so it is tagged {@code soak} and
 * left out of the default run; run it by hand with
 * {@code mvn -pl drivers/lxc -am verify -Psoak -Dtest=SoakTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("soak")
class SoakTest {
    private static final int ROUNDS = Integer.getInteger("virtfx.soakRounds", 20);
    private static final int CONTAINERS = 100;
    /** Names the competitor takes a round: more than the round's starts need, so it stays ahead. */
    private static final int COMPETITOR_NAMES = 300;

    @BeforeEach
    void root() {
        RootTests.requireRoot();
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void hundredParallelStartsAndDestroysTwentyTimesWithACompetitorFailAndLeakNothing() throws Exception {
        try (LxcTestHost host = LxcTestHost.open()) {
            List<UUID> uuids = ParallelStartTest.defineMany(host, "soak", CONTAINERS);
            // A round first, which leaves what every start leaves for good (logs, lock files).
            ParallelStartTest.startAll(host, uuids);
            ParallelStartTest.destroyAll(host, uuids);
            ContainerLifecycleTest.await(() -> host.hostEnds().isEmpty(), "the first round's host ends are gone");
            HostCensus before = HostCensus.of(host);
            List<String> failures = new ArrayList<>();
            long slowestRoundMillis = 0;
            for (int round = 0; round < ROUNDS; round++) {
                long began = System.nanoTime();
                int first = Integer.parseInt(DeviceNames.process().next("vnet").substring(4)) + 1;
                Process competitor = ParallelStartTest.startVnetCreator(host, first, COMPETITOR_NAMES);
                try {
                    ContainerLifecycleTest.await(() -> host.devices.find("vnet" + (first + 10)).isPresent(),
                            "the competitor has taken names ahead of us");
                    failures.addAll(attemptAll(round, "start", uuids, uuid -> host.connection.domains().start(uuid)));
                } finally {
                    competitor.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
                failures.addAll(attemptAll(round, "destroy", uuids,
                        uuid -> host.connection.domains().destroy(uuid)));
                removeCompetitorDevices(host, first);
                HostCensus after = HostCensus.awaitEqual(host, before, 10);
                if (!after.equals(before)) {
                    failures.add("round " + round + ": " + after.differenceFrom(before));
                }
                slowestRoundMillis = Math.max(slowestRoundMillis,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
            }
            System.out.println("soak: " + ROUNDS + " rounds of " + CONTAINERS + " parallel starts and destroys, "
                    + failures.size() + " failures, slowest round " + slowestRoundMillis + " ms; census before and "
                    + "after each round: " + before.counts());
            assertEquals(List.of(), failures);
        }
    }

    private static List<String> attemptAll(int round, String what, List<UUID> uuids, ParallelStartTest.Action action)
            throws Exception {
        return ParallelStartTest.attemptAll(uuids, action).stream().map(f -> "round " + round + " " + what + " " + f)
                .toList();
    }

    /** Deletes the competitor's veth pairs (deleting one end takes its peer too). */
    private static void removeCompetitorDevices(LxcTestHost host, int first) throws IOException, InterruptedException {
        Process remover = new ProcessBuilder("ip", "-n", host.namespace.name(), "-force", "-batch", "-")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try (OutputStream in = remover.getOutputStream()) {
            for (int i = first; i < first + COMPETITOR_NAMES; i++) {
                in.write(("link del rival" + i + "\n").getBytes(StandardCharsets.US_ASCII));
            }
        }
        remover.waitFor(60, TimeUnit.SECONDS);
    }

}
