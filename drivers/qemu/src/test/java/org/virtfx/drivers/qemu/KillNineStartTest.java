package org.virtfx.drivers.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.virtfx.plumbing.netdev.RootTests;
import org.virtfx.plumbing.process.ChildJvms;
import org.virtfx.plumbing.process.KillLanes;

/**
 * No daemon, so any process may die at any moment: a process starting several VMs at once ({@link
 * IdleGuest}, a tap on the test network, VNC on a UNIX socket, no disk) is killed with SIGKILL at a
 * random moment, and a fresh process then finds every VM either running, adopted with its
 * monitor, console and graphics reachable and its destroy removing its tap, or shut off with
 * nothing of it left; every VM whose start the killed process finished is among the running.
 * Afterwards the host holds exactly what it held before ({@link QemuCensus}). The tries run in
 * {@link KillLanes}, each lane on a host of its own.
 */
class KillNineStartTest {
    private static final int VMS = 4;
    /** The 100 tries, in CI too; -Dvirtfx.killTries changes it. */
    private static final int TRIES = Integer.getInteger("virtfx.killTries", 100);

    @BeforeEach
    void root() {
        RootTests.requireRoot();
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES) // about 2 s a try in three lanes; the suite's default is 2 minutes
    void aStartKilledAtAnyPointLeavesEachVmAdoptedOrGone() throws Exception {
        AtomicInteger adopted = new AtomicInteger();
        AtomicLong fullStart = new AtomicLong();
        long began = System.nanoTime();
        KillLanes.run("qemu start", TRIES, QemuTestHost::open, (host, kills, tries) -> {
            QemuChildren children = new QemuChildren(host);
            List<String> names = new ArrayList<>();
            Path kernel = IdleGuest.write(host.directory);
            for (int i = 0; i < VMS; i++) {
                names.add("k" + i);
                host.connection.domains().define(IdleGuest.xml(kernel, "k" + i,
                        QemuTestHost.nic() + "<graphics type='vnc'><listen type='socket'/></graphics>"));
            }
            try {
                // A full round first: it times a whole start and makes what stays for good (lock files).
                ChildJvms.Timed full = children.runFromGo(-1, "start", names);
                fullStart.set(full.millis());
                assertEquals(VMS, full.output().lines().filter(l -> l.startsWith("started ")).count(), full.output());
                assertEquals(Set.copyOf(names), Set.copyOf(adoptedAndChecked(children.run("adopt"), names,
                        Set.copyOf(names), "the full round")));
                QemuCensus before = QemuCensus.of(host);

                for (int attempt = 0; attempt < tries; attempt++) {
                    long killAt = kills.upTo(full.millis());
                    String why = kills.describe(attempt, killAt);
                    ChildJvms.Timed killed = children.runFromGo(killAt, "start", names);
                    Set<String> started = killed.output().lines().filter(l -> l.startsWith("started "))
                            .map(l -> l.substring("started ".length())).collect(Collectors.toSet());
                    adopted.addAndGet(adoptedAndChecked(children.run("adopt"), names, started, why).size());
                    QemuCensus.assertUnchanged(host, before, why);
                }
            } finally {
                children.cleanUp("adopt");
            }
        });
        double seconds = (System.nanoTime() - began) / 1e9;
        System.out.printf("kill -9 of QEMU starts: %d VMs adopted, %d gone%n", adopted.get(), TRIES * VMS - adopted.get());
        System.out.printf("qemu_start_kill tries=%d lanes=%d vms=%d full_start_ms=%d seconds=%.1f per_try_s=%.2f%n",
                TRIES, Math.min(KillLanes.LANES, TRIES), VMS, fullStart.get(), seconds, seconds / TRIES);
    }

    /**
     * Checks a fresh process's listing: every VM listed, running or shut off, each running one
     * adopted whole and destroyed without leaving its tap, every started one among them.
     * Returns the adopted VMs.
     */
    static List<String> adoptedAndChecked(String output, List<String> names, Set<String> started, String why) {
        assertTrue(output.lines().noneMatch(l -> l.startsWith("warning ") || l.startsWith("error ")),
                why + ": " + output);
        Map<String, String> states = new LinkedHashMap<>();
        output.lines().filter(l -> l.startsWith("domain ")).map(l -> l.split(" ")).forEach(f -> states.put(f[1], f[2]));
        assertEquals(Set.copyOf(names), states.keySet(), why + ": every VM is listed: " + output);
        List<String> running = new ArrayList<>();
        for (String name : names) {
            String state = states.get(name);
            assertTrue(state.equals("running") || state.equals("shutoff"), why + ": " + name + " is " + state);
            if (started.contains(name)) {
                assertEquals("running", state, why + ": " + name + " was started before the kill: " + output);
            }
            if (state.equals("running")) {
                String line = output.lines().filter(l -> l.startsWith("adopted " + name + " ")).findFirst()
                        .orElseThrow(() -> new AssertionError(why + ": " + name + " not checked: " + output));
                assertTrue(line.matches("adopted " + name + " qmp=running console=open graphics=RFB_003\\.008"
                        + " tap=vnet\\d+ tapLeft=false"), why + ": " + line);
                running.add(name);
            }
        }
        return running;
    }
}
