package org.virtfx.drivers.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.virtfx.plumbing.netdev.RootTests;
import org.virtfx.plumbing.process.ChildJvms;
import org.virtfx.plumbing.process.KillLanes;

/**
 * No daemon: a process is killed with SIGKILL at a random moment of a VM's managed save, of its
 * restore from that image, or of a destroy, and a fresh process then finds a consistent VM:
 * running (QEMU running, no image left beside it), or shut off with an image that restores and
 * the managed-save flag saying so, or shut off with nothing. A half-written image is never
 * taken as one, a save never leaves the guest paused, and a finished restore never leaves its
 * image for a later start to bring back old memory over disks that ran on. The host holds
 * exactly what it held before after each try ({@link QemuCensus}). Tries run in
 * {@link KillLanes}, on {@link IdleGuest} VMs.
 */
class KillNineJobsTest {
    /** Shared between saves and restores; -Dvirtfx.killJobTries changes it. */
    private static final int TRIES = Integer.getInteger("virtfx.killJobTries", 30);
    private static final int VMS = 3;

    @BeforeEach
    void root() {
        RootTests.requireRoot();
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void aSaveOrRestoreKilledAtAnyPointLeavesTheVmRunningOrSavedWhole() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger saved = new AtomicInteger();
        long began = System.nanoTime();
        KillLanes.run("qemu save and restore", TRIES, QemuTestHost::open, (host, kills, tries) -> {
            QemuChildren children = new QemuChildren(host);
            host.connection.domains().define(IdleGuest.xml(IdleGuest.write(host.directory), "s",
                    QemuTestHost.nic() + "<graphics type='vnc'><listen type='socket'/></graphics>"));
            try {
                // Full rounds first: they time a save and a restore, and make what stays for good.
                assertTrue(children.run("start", "s").contains("started s"));
                ChildJvms.Timed save = children.runFromGo(-1, "managedsave", List.of("s"));
                assertTrue(save.output().contains("saved s"), save.output());
                ChildJvms.Timed restore = children.runFromGo(-1, "start", List.of("s"));
                assertTrue(restore.output().contains("started s"), restore.output());
                settled(children.run("inspect"), "the full rounds", Set.of("s"), Set.of());
                QemuCensus before = QemuCensus.of(host);

                for (int attempt = 0; attempt < tries; attempt++) {
                    boolean saving = attempt % 2 == 0;
                    assertTrue(children.run("start", "s").contains("started s"));
                    if (!saving) {
                        assertTrue(children.run("managedsave", "s").contains("saved s"));
                    }
                    long killAt = kills.upTo(saving ? save.millis() : restore.millis());
                    String why = (saving ? "save " : "restore ") + kills.describe(attempt, killAt);
                    String killed = children.runFromGo(killAt, saving ? "managedsave" : "start", List.of("s")).output();
                    String found = settled(children.run("inspect"), why, killed.contains("started s") ? Set.of("s")
                            : Set.of(), killed.contains("saved s") ? Set.of("s") : Set.of());
                    (found.equals("running") ? running : saved).incrementAndGet();
                    QemuCensus.assertUnchanged(host, before, why);
                }
            } finally {
                children.cleanUp("inspect");
            }
        });
        double seconds = (System.nanoTime() - began) / 1e9;
        System.out.printf("kill -9 of QEMU saves and restores: %d found running, %d shut off (saved or not)%n",
                running.get(), saved.get());
        System.out.printf("qemu_save_restore_kill tries=%d lanes=%d seconds=%.1f per_try_s=%.2f%n", TRIES,
                Math.min(KillLanes.LANES, TRIES), seconds, seconds / TRIES);
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void aDestroyKilledAtAnyPointLeavesEachVmAdoptedOrGone() throws Exception {
        AtomicInteger adopted = new AtomicInteger();
        long began = System.nanoTime();
        KillLanes.run("qemu destroy", TRIES, QemuTestHost::open, (host, kills, tries) -> {
            QemuChildren children = new QemuChildren(host);
            Path kernel = IdleGuest.write(host.directory);
            List<String> names = new ArrayList<>();
            for (int i = 0; i < VMS; i++) {
                names.add("d" + i);
                host.connection.domains().define(IdleGuest.xml(kernel, "d" + i,
                        QemuTestHost.nic() + "<graphics type='vnc'><listen type='socket'/></graphics>"));
            }
            String[] all = names.toArray(String[]::new);
            try {
                assertEquals(VMS, children.run("start", all).lines().filter(l -> l.startsWith("started ")).count());
                ChildJvms.Timed full = children.runFromGo(-1, "destroy", names);
                assertEquals(VMS, full.output().lines().filter(l -> l.startsWith("destroyed ")).count(), full.output());
                QemuCensus before = QemuCensus.of(host);

                for (int attempt = 0; attempt < tries; attempt++) {
                    assertEquals(VMS, children.run("start", all).lines().filter(l -> l.startsWith("started ")).count());
                    long killAt = kills.upTo(full.millis());
                    String why = "destroy " + kills.describe(attempt, killAt);
                    String killed = children.runFromGo(killAt, "destroy", names).output();
                    List<String> running = KillNineStartTest.adoptedAndChecked(children.run("adopt"), names, Set.of(),
                            why);
                    for (String name : running) {
                        assertFalse(killed.contains("destroyed " + name), why + ": " + name
                                + " was destroyed before the kill but runs: " + killed);
                    }
                    adopted.addAndGet(running.size());
                    QemuCensus.assertUnchanged(host, before, why);
                }
            } finally {
                children.cleanUp("adopt");
            }
        });
        double seconds = (System.nanoTime() - began) / 1e9;
        System.out.printf("kill -9 of QEMU destroys: %d VMs found running, %d gone%n", adopted.get(),
                TRIES * VMS - adopted.get());
        System.out.printf("qemu_destroy_kill tries=%d lanes=%d vms=%d seconds=%.1f per_try_s=%.2f%n", TRIES,
                Math.min(KillLanes.LANES, TRIES), VMS, seconds, seconds / TRIES);
    }

    /**
     * The moment the random kills hit least often, made exact: a restore killed after the VM
     * was recorded running but before its image was removed (the image is put back beside the
     * restored VM). A fresh process removes it, as libvirt does once a restore succeeded, and
     * shows no managed save; so a start after a later stop boots afresh instead of bringing
     * back the saved memory over disks that ran on.
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void anImageLeftBesideARestoredVmIsRemovedByTheNextProcess() throws Exception {
        try (QemuTestHost host = QemuTestHost.open()) {
            QemuChildren children = new QemuChildren(host);
            UUID uuid = host.connection.domains().define(IdleGuest.xml(IdleGuest.write(host.directory), "s",
                    QemuTestHost.nic())).uuid();
            Path image = host.connection.qemuDomains().managedSaveImage(uuid);
            assertTrue(children.run("start", "s").contains("started s"));
            assertTrue(children.run("managedsave", "s").contains("saved s"));
            Path kept = Files.copy(image, image.resolveSibling("kept"));
            assertTrue(children.run("start", "s").contains("started s"));
            Files.move(kept, image);

            String found = children.run("inspect");
            assertTrue(found.contains("domain s running managedsave=false image=none"), found);
            // So the next start boots: a start restores only from an image that is there.
            assertFalse(Files.exists(image), "the image is gone");
            assertFalse(host.connection.domains().hasManagedSave(uuid), "this process, open all along, agrees");
        }
    }

    /**
     * Checks what a fresh process found of VM {@code s} and how it settled it, and returns
     * {@code running} or {@code shutoff}: never paused; running with no image beside it; or shut
     * off with the flag matching the image, and an image that restores to a running guest and is
     * removed by that. A VM whose start (restore) the killed process finished runs, and one whose
     * save it finished is saved.
     */
    private static String settled(String output, String why, Set<String> started, Set<String> saved) {
        assertTrue(output.lines().noneMatch(l -> l.startsWith("warning ") || l.startsWith("error ")),
                why + ": " + output);
        String domain = output.lines().filter(l -> l.startsWith("domain s ")).findFirst()
                .orElseThrow(() -> new AssertionError(why + ": not listed: " + output));
        String[] fields = domain.split(" ");
        String state = fields[2];
        if (state.equals("running")) {
            assertEquals("domain s running managedsave=false image=none", domain, why + ": " + output);
            assertTrue(output.contains("qmp s running"), why + ": the guest runs: " + output);
            assertFalse(saved.contains("s"), why + ": saved before the kill, yet running: " + output);
        } else {
            assertEquals("shutoff", state, why + ": " + output);
            assertFalse(started.contains("s"), why + ": restored before the kill, yet shut off: " + output);
            if (fields[3].equals("managedsave=true")) {
                assertEquals("image=valid", fields[4], why + ": " + output);
                assertTrue(output.contains("restored s qmp=running image=none"), why + ": the image restores: " + output);
            } else {
                assertEquals("image=none", fields[4], why + ": the flag follows the image: " + output);
                assertFalse(saved.contains("s"), why + ": saved before the kill, yet no image: " + output);
            }
        }
        return state;
    }
}
