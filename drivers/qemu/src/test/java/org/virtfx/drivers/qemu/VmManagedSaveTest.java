package org.virtfx.drivers.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.virtfx.core.domain.DomainFamily;
import org.virtfx.core.domain.DomainState;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.domain.StateReason;
import org.virtfx.core.error.VirtException;
import org.virtfx.drivers.qemu.VmLifecycleTest.ConsoleReader;
import org.virtfx.drivers.qemu.process.TestGuest;
import org.virtfx.plumbing.netdev.RootTests;

/** Managed save on real QEMU: the guest's shell, typed into before the save, answers after the restore. */
@Timeout(180)
class VmManagedSaveTest {

    @BeforeEach
    void root() {
        RootTests.requireRoot();
    }

    private static DomainSummary summary(QemuTestHost host, UUID uuid) {
        return host.connection.domains().byUuid(uuid).orElseThrow();
    }

    private static VirtException refused(org.junit.jupiter.api.function.Executable call) {
        return assertThrows(VirtException.class, call);
    }

    @Test
    void aSavedGuestComesBackWithItsShellStateAndTheImageGoes() throws Exception {
        try (QemuTestHost host = QemuTestHost.open()) {
            DomainFamily domains = host.connection.domains();
            UUID uuid = host.define("saved", QemuTestHost.nic()).uuid();
            Path image = host.directory.resolve("lib/save/saved.save");
            VirtException notRunning = refused(() -> domains.managedSave(uuid));
            assertEquals("Requested operation is not valid: domain is not running", notRunning.getMessage());

            domains.start(uuid);
            long pid = host.connection.qemuDomains().pid(uuid);
            try (ConsoleReader console = new ConsoleReader(domains.openConsole(uuid))) {
                console.await("# ");
                console.type("GREETING=kept$((40+2))");
                console.type("echo set$((1))");
                console.await("set1");
            }
            long t0 = System.nanoTime();
            domains.managedSave(uuid);
            long saveNanos = System.nanoTime() - t0;
            assertEquals(DomainState.SHUTOFF, summary(host, uuid).state());
            assertEquals(StateReason.SAVED, summary(host, uuid).reason());
            assertTrue(domains.hasManagedSave(uuid));
            assertTrue(Files.size(image) > 0, "the image holds the guest's memory");
            assertFalse(Files.exists(image.resolveSibling("saved.save.partial")));
            VmLifecycleTest.assertNothingLeft(host, uuid, pid);
            VirtException kept = refused(() -> domains.undefine(uuid));
            assertEquals("Requested operation is not valid: Refusing to undefine while domain managed save image exists",
                    kept.getMessage());

            try (QemuConnection again = new QemuConnection(host.connection.uri(),
                    QemuTestHost.config(host.directory, host.namespace), StartProbe.NONE)) {
                assertTrue(again.domains().hasManagedSave(uuid), "a new state finds the image");
            }

            long imageKiB = Files.size(image) / 1024;
            t0 = System.nanoTime();
            domains.start(uuid);
            long restoreNanos = System.nanoTime() - t0;
            assertEquals(DomainState.RUNNING, summary(host, uuid).state());
            assertEquals(StateReason.RESTORED, summary(host, uuid).reason());
            assertFalse(domains.hasManagedSave(uuid));
            assertFalse(Files.exists(image), "the image is removed once the guest runs from it");
            try (ConsoleReader console = new ConsoleReader(domains.openConsole(uuid))) {
                console.type("echo $GREETING-$((2*3))");
                console.await("kept42-6");
                assertFalse(console.text().contains(TestGuest.BANNER), "restored, not booted: " + console.text());
            }
            assertEquals(List.of("DEFINED:added", "STARTED:booted", "SUSPENDED:paused", "STOPPED:saved",
                    "STARTED:restored"), VmLifecycleTest.events(host, uuid));
            System.out.printf("managed save of a 256 MiB TCG guest: %.0f ms (image %d KiB), restore %.0f ms%n",
                    saveNanos / 1e6, imageKiB, restoreNanos / 1e6);
            domains.destroy(uuid);
        }
    }

    @Test
    void removingTheImageMakesTheNextStartABootAndATransientDomainIsRefused() throws Exception {
        try (QemuTestHost host = QemuTestHost.open()) {
            DomainFamily domains = host.connection.domains();
            UUID uuid = host.define("dropped", "").uuid();
            Path image = host.directory.resolve("lib/save/dropped.save");
            domains.start(uuid);
            domains.suspend(uuid);
            domains.managedSave(uuid);
            assertTrue(Files.exists(image));
            domains.managedSaveRemove(uuid);
            assertFalse(Files.exists(image));
            assertFalse(domains.hasManagedSave(uuid));
            VirtException none = refused(() -> domains.managedSaveRemove(uuid));
            assertTrue(none.getMessage().startsWith("Failed to remove managed save file '" + image + "'"),
                    none.getMessage());

            domains.start(uuid);
            try (ConsoleReader console = new ConsoleReader(domains.openConsole(uuid))) {
                console.await(TestGuest.BANNER);
            }
            assertEquals(StateReason.BOOTED, summary(host, uuid).reason());

            domains.undefine(uuid);
            VirtException transientDomain = refused(() -> domains.managedSave(uuid));
            assertEquals("Requested operation is not valid: cannot do managed save for transient domain",
                    transientDomain.getMessage());
            domains.destroy(uuid);
        }
    }

    @Test
    void aPausedGuestIsRestoredPaused() throws Exception {
        try (QemuTestHost host = QemuTestHost.open()) {
            DomainFamily domains = host.connection.domains();
            UUID uuid = host.define("paused", "").uuid();
            domains.start(uuid);
            domains.suspend(uuid);
            domains.managedSave(uuid);
            domains.start(uuid);
            assertEquals(DomainState.PAUSED, summary(host, uuid).state());
            domains.resume(uuid);
            try (ConsoleReader console = new ConsoleReader(domains.openConsole(uuid))) {
                console.type("echo up$((1+1))");
                console.await("up2");
            }
            domains.destroy(uuid);
        }
    }

    @Test
    void aDamagedImageFailsTheStartNamingItAndKeepsIt() throws Exception {
        try (QemuTestHost host = QemuTestHost.open()) {
            DomainFamily domains = host.connection.domains();
            UUID uuid = host.define("damaged", QemuTestHost.nic()).uuid();
            Path image = host.directory.resolve("lib/save/damaged.save");
            domains.start(uuid);
            domains.managedSave(uuid);
            // The header stays whole; the stream is cut short.
            try (var file = new java.io.RandomAccessFile(image.toFile(), "rw")) {
                file.setLength(Math.min(file.length(), 64 * 1024));
            }
            VirtException cut = refused(() -> domains.start(uuid));
            assertTrue(cut.getMessage().startsWith("operation failed: cannot restore domain 'damaged' from " + image),
                    cut.getMessage());
            System.out.println("a cut image: " + cut.getMessage());
            assertFalse(summary(host, uuid).isActive());
            assertTrue(domains.hasManagedSave(uuid) && Files.exists(image), "a failed restore keeps the image");
            VmLifecycleTest.assertNothingLeft(host, uuid, ProcessHandle.current().pid() + 1_000_000);

            Files.writeString(image, "this is not a managed save image\n");
            VirtException garbage = refused(() -> domains.start(uuid));
            assertEquals("operation failed: image magic is incorrect: " + image, garbage.getMessage());
            VmLifecycleTest.assertNothingLeft(host, uuid, ProcessHandle.current().pid() + 1_000_000);
            domains.managedSaveRemove(uuid);
        }
    }

    @Test
    void aSaveThatCannotWriteItsImageFailsAndTheGuestRunsOn() throws Exception {
        try (QemuTestHost host = QemuTestHost.open()) {
            DomainFamily domains = host.connection.domains();
            UUID uuid = host.define("unsaved", "").uuid();
            // A file where the save directory should be.
            Files.createDirectories(host.directory.resolve("lib"));
            Files.writeString(host.directory.resolve("lib/save"), "");
            domains.start(uuid);
            VirtException e = refused(() -> domains.managedSave(uuid));
            assertTrue(e.getMessage().startsWith("failed to write header to domain save file '"
                    + host.directory.resolve("lib/save/unsaved.save.partial") + "'"), e.getMessage());
            assertEquals(DomainState.RUNNING, summary(host, uuid).state());
            assertFalse(domains.hasManagedSave(uuid));
            try (ConsoleReader console = new ConsoleReader(domains.openConsole(uuid))) {
                // The refusal comes before the guest's shell may be up: a line typed earlier is lost, so type until answered.
                VmLifecycleTest.await(() -> {
                    try {
                        console.type("echo on$((1+1))");
                        Thread.sleep(1000);
                    } catch (java.io.IOException | InterruptedException failed) {
                        throw new IllegalStateException(failed);
                    }
                    return console.text().contains("on2");
                }, "the guest answers on its console, saw: " + console.text());
            }
            try (var left = Files.list(host.directory.resolve("run").resolve(uuid.toString()))) {
                assertTrue(left.noneMatch(p -> p.getFileName().toString().equals("save.sock")), "no socket left");
            }
            domains.destroy(uuid);
        }
    }
}
