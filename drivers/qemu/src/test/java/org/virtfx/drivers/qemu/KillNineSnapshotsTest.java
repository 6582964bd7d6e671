package org.virtfx.drivers.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.virtfx.plumbing.netdev.RootTests;
import org.virtfx.plumbing.process.ChildJvms;
import org.virtfx.plumbing.process.HostProcess;
import org.virtfx.plumbing.process.KillLanes;
import org.virtfx.plumbing.process.ProcessTable;

/**
 * No daemon: a process is killed with SIGKILL at a random moment of an internal snapshot's
 * creation, of a shut-off VM ({@code qemu-img}) or a running one (QMP's {@code snapshot-save}),
 * and a fresh process then lists only snapshots its disk holds, the disk holds no tag twice,
 * and the same name is created again (one tag), reverted to and deleted. The host holds exactly
 * what it held before after each try ({@link QemuCensus}). Tries run in {@link KillLanes}, on
 * {@link IdleGuest} VMs with a qcow2 disk.
 */
class KillNineSnapshotsTest {
    /** Per test; -Dvirtfx.killSnapshotTries changes it. */
    private static final int TRIES = Integer.getInteger("virtfx.killSnapshotTries", 30);

    @BeforeEach
    void root() {
        RootTests.requireRoot();
    }

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void aShutOffVmsSnapshotKilledAtAnyPointIsWholeOrUnlistedAndItsNameServesAgain() throws Exception {
        killSnapshots(false);
    }

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void aRunningVmsSnapshotKilledAtAnyPointIsWholeOrUnlistedAndItsNameServesAgain() throws Exception {
        killSnapshots(true);
    }

    private static void killSnapshots(boolean running) throws Exception {
        AtomicInteger listed = new AtomicInteger();
        AtomicInteger stray = new AtomicInteger();
        String mode = running ? "running" : "shutoff";
        long began = System.nanoTime();
        KillLanes.run("qemu snapshot " + mode, TRIES, QemuTestHost::open, (host, kills, tries) -> {
            QemuChildren children = new QemuChildren(host);
            Path image = host.directory.resolve("k.qcow2");
            HostProcess.Result made = HostProcess.run(List.of("qemu-img", "create", "-f", "qcow2", image.toString(),
                    "16M"), null);
            assertTrue(made.ok(), made.stderr());
            host.connection.domains().define(IdleGuest.xml(IdleGuest.write(host.directory), "k",
                    QemuStoragePoolTest.disk(image.toString(), "qcow2")));
            String[] check = {"k", "snap", image.toString()};
            try {
                if (running) {
                    assertTrue(children.run("start", "k").contains("started k"));
                }
                // A full round first: it times a create, and makes what stays for good.
                ChildJvms.Timed full = children.runFromGo(-1, "snapshot", List.of("k", "snap"));
                assertTrue(full.output().contains("created snap"), full.output());
                checked(children.run("snapcheck", check), "the full round", mode, true);
                QemuCensus before = QemuCensus.of(host);

                for (int attempt = 0; attempt < tries; attempt++) {
                    long killAt = kills.upTo(full.millis());
                    String why = mode + " snapshot " + kills.describe(attempt, killAt);
                    String killed = children.runFromGo(killAt, "snapshot", List.of("k", "snap")).output();
                    awaitNoQemuImg(image);
                    String found = checked(children.run("snapcheck", check), why, mode, killed.contains("created snap"));
                    if (found.equals("listed")) {
                        listed.incrementAndGet();
                    } else if (found.equals("stray")) {
                        stray.incrementAndGet();
                    }
                    QemuCensus.assertUnchanged(host, before, why);
                }
            } finally {
                children.cleanUp("inspect");
            }
        });
        double seconds = (System.nanoTime() - began) / 1e9;
        System.out.printf("kill -9 of QEMU %s snapshots: %d listed, %d left a tag no metadata named, %d left nothing%n",
                mode, listed.get(), stray.get(), TRIES - listed.get() - stray.get());
        System.out.printf("qemu_snapshot_kill vm=%s tries=%d lanes=%d seconds=%.1f per_try_s=%.2f%n", mode, TRIES,
                Math.min(KillLanes.LANES, TRIES), seconds, seconds / TRIES);
    }

    /**
     * A killed process's {@code qemu-img} runs on to its end, holding the image's write lock;
     * a process started a moment later would find the image locked, so the check waits for it.
     */
    private static void awaitNoQemuImg(Path image) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (ProcessTable.naming(image.toString()).stream().anyMatch(p -> p.commandLine().startsWith("qemu-img"))) {
            assertTrue(System.nanoTime() < deadline, "qemu-img still runs on " + image);
            Thread.sleep(5);
        }
    }

    /**
     * Checks what a fresh process found ({@link QemuChild}'s {@code snapcheck}) and returns
     * {@code listed} (the snapshot was whole and listed), {@code stray} (only a tag was left)
     * or {@code none}.
     */
    private static String checked(String output, String why, String mode, boolean createdBeforeKill) {
        assertTrue(output.lines().noneMatch(l -> l.startsWith("warning ") || l.startsWith("error ")),
                why + ": " + output);
        List<String> tags = output.lines().filter(l -> l.startsWith("tags")).map(l -> l.substring(4).strip()).toList();
        String names = output.lines().filter(l -> l.startsWith("listed")).findFirst()
                .orElseThrow(() -> new AssertionError(why + ": " + output)).substring(6).strip();
        assertEquals(3, tags.size(), why + ": " + output);
        List<String> before = tags.get(0).isEmpty() ? List.of() : Arrays.asList(tags.get(0).split(","));
        assertEquals(new HashSet<>(before).size(), before.size(), why + ": a tag twice in the image: " + output);
        Set<String> listed = names.isEmpty() ? Set.of() : Set.of(names.split(","));
        assertTrue(before.containsAll(listed), why + ": listed but not in the image: " + output);
        assertTrue(listed.isEmpty() || listed.equals(Set.of("snap")), why + ": " + output);
        if (createdBeforeKill) {
            assertEquals(Set.of("snap"), listed, why + ": created before the kill, yet not listed: " + output);
        }
        assertTrue(output.contains("created snap\nreverted snap " + mode + "\n"), why + ": " + output);
        assertEquals("snap", tags.get(1), why + ": the name made again is in the image once: " + output);
        assertEquals("", tags.get(2), why + ": deleted from the image: " + output);
        return !listed.isEmpty() ? "listed" : before.contains("snap") ? "stray" : "none";
    }
}
