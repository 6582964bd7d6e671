package org.virtfx.drivers.lxc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.virtfx.plumbing.netdev.RootTests;
import org.virtfx.plumbing.process.KillLanes;

/**
 * No daemon, so any process may die at any moment: a process starting ten containers is killed
 * with SIGKILL at a random point, and a fresh process then finds every container either
 * running (adopted, cgroup populated) or shut off with nothing of it left, and can destroy the
 * running ones; afterwards the host holds exactly what it held before.
 */
class KillNineTest {
    private static final int CONTAINERS = 10;
    /** The 100 tries, in CI too; -Dvirtfx.killTries changes it. */
    private static final int TRIES = Integer.getInteger("virtfx.killTries", 100);

    @BeforeEach
    void root() {
        RootTests.requireRoot();
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES) // about 1 s a try in three lanes; the suite's default is 2 minutes
    void aStartKilledAtAnyPointLeavesEachContainerAdoptedOrGone() throws Exception {
        AtomicInteger adopted = new AtomicInteger();
        AtomicInteger gone = new AtomicInteger();
        KillLanes.run("start", TRIES, LxcTestHost::open, (host, kills, tries) -> {
            LxcChildren children = new LxcChildren(host);
            Map<String, UUID> containers = new LinkedHashMap<>();
            for (int i = 0; i < CONTAINERS; i++) {
                containers.put("k" + i, host.define("k" + i, "/bin/sleep", "infinity").uuid());
            }
            String[] names = containers.keySet().toArray(String[]::new);
            try {
                // A full round first, which also leaves what every start leaves for good
                // (logs, lock files, the supervisor's copy), and times a whole start.
                long began = System.nanoTime();
                String started = children.run("start", names);
                long fullStartMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
                assertEquals(CONTAINERS, started.lines().filter(l -> l.startsWith("started ")).count(), started);
                children.run("destroy-all");
                // The kernel removes a destroyed container's veth pairs with its namespace, a
                // moment after the destroy returns: count once they are gone.
                ContainerLifecycleTest.await(() -> host.hostEnds().isEmpty(), "the warm-up's host ends are gone");
                HostCensus before = HostCensus.of(host);

                for (int attempt = 0; attempt < tries; attempt++) {
                    Process start = children.spawn(null, "start", names);
                    long killAt = kills.upTo(fullStartMillis);
                    String why = kills.describe(attempt, killAt);
                    Thread.sleep(killAt);
                    start.destroyForcibly();
                    assertTrue(start.waitFor(10, TimeUnit.SECONDS), "the killed start ended");

                    String listing = children.run("list");
                    Map<String, String> states = states(listing);
                    assertEquals(containers.keySet(), states.keySet(), "every container is listed: " + listing);
                    for (Map.Entry<String, UUID> container : containers.entrySet()) {
                        boolean running = states.get(container.getKey()).equals("running");
                        assertTrue(running || states.get(container.getKey()).equals("shutoff"), listing);
                        assertEquals(running, populated(host, container.getValue()), container.getKey()
                                + " listed " + states.get(container.getKey()) + ", " + why);
                        (running ? adopted : gone).incrementAndGet();
                    }
                    String destroyed = children.run("destroy-all");
                    assertFalse(destroyed.contains("error"), destroyed);
                    assertTrue(states(children.run("list")).values().stream().allMatch("shutoff"::equals));
                    HostCensus after = HostCensus.awaitEqual(host, before, 5);
                    assertEquals(before, after, "the host after " + why);
                }
                System.out.println("kill -9 census of a lane: " + tries + " tries; before and after each: "
                        + before.counts());
            } finally {
                children.run("destroy-all");
            }
        });
        System.out.println("kill -9 census: " + TRIES + " tries, " + adopted + " containers adopted, " + gone
                + " gone");
    }

    private static Map<String, String> states(String listing) {
        Map<String, String> states = new LinkedHashMap<>();
        listing.lines().filter(l -> l.startsWith("domain ")).map(l -> l.split(" "))
                .forEach(f -> states.put(f[1], f[2]));
        return states;
    }

    /** Whether the container's cgroup has tasks: what running means to the kernel. */
    private static boolean populated(LxcTestHost host, UUID uuid) throws Exception {
        List<Path> procs = new ArrayList<>();
        for (String controller : List.of("memory", "pids", "freezer", "unified", "")) {
            procs.add(Path.of("/sys/fs/cgroup", controller, host.cgroupParent, Container.cgroupName(uuid),
                    "cgroup.procs"));
        }
        for (Path file : procs) {
            if (Files.exists(file)) {
                return !Files.readString(file).isBlank();
            }
        }
        return false;
    }
}
