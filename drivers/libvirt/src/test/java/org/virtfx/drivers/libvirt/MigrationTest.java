package org.virtfx.drivers.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.virtfx.core.connect.ConnectionUri;
import org.virtfx.core.connect.Feature;
import org.virtfx.core.domain.DomainConsole;
import org.virtfx.core.domain.DomainState;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.domain.MigrationOptions;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.task.TaskProgress;
import org.virtfx.drivers.libvirt.binding.ConnectAuth;

/**
 * Migration between two real libvirtd of the test's own ({@link PrivateLibvirtd}): each in mount,
 * network and PID namespaces of its own, with its own host UUID, /run/libvirt and
 * /var/lib/libvirt. The source daemon reaches the destination's socket by its path (peer to
 * peer), and the guest's memory goes through a UNIX socket in a directory both namespaces see,
 * since they share no network.
 */
class MigrationTest {
    private static final Duration BOOT = Duration.ofSeconds(120);

    private PrivateLibvirtd sourceDaemon;
    private PrivateLibvirtd destinationDaemon;
    private LibvirtConnection source;
    private LibvirtConnection destination;
    private Path shared;

    @BeforeEach
    void startDaemons() throws IOException, InterruptedException {
        sourceDaemon = PrivateLibvirtd.start();
        destinationDaemon = PrivateLibvirtd.start();
        source = LibvirtConnection.open(ConnectionUri.parse(sourceDaemon.uri()), ConnectAuth.NONE, Keepalive.USUAL);
        destination = LibvirtConnection.open(ConnectionUri.parse(destinationDaemon.uri()), ConnectAuth.NONE,
                Keepalive.USUAL);
        shared = Files.createTempDirectory("virtfx-migration-");
    }

    @AfterEach
    void stopDaemons() throws IOException, InterruptedException {
        for (AutoCloseable each : new AutoCloseable[] {source, destination, sourceDaemon, destinationDaemon}) {
            if (each != null) {
                try {
                    each.close();
                } catch (Exception e) {
                    throw new IOException(e);
                }
            }
        }
        if (shared != null) {
            Files.deleteIfExists(shared.resolve("memory.sock"));
            Files.deleteIfExists(shared);
        }
    }

    /** Where the destination's QEMU listens for the guest's memory. */
    private String memorySocket() {
        return "unix://" + shared.resolve("memory.sock");
    }

    @Test
    void aRunningGuestMovesLiveAndGoesOnWithItsShellOnTheDestination() throws Exception {
        LibvirtTestGuest guest = LibvirtTestGuest.get();
        assertTrue(source.supports(Feature.MIGRATION), "QEMU through libvirt migrates");
        UUID uuid = source.domains().define(guest.domainXml("traveller")).uuid();
        source.domains().start(uuid);
        try (DomainConsole console = source.domains().openConsole(uuid)) {
            ConsoleReader reader = new ConsoleReader(console.input());
            // A shell variable lives in the guest's memory only: seen again there, the guest moved
            // and did not boot afresh.
            reader.typeUntilSeen(console.output(), "MARK=$((1000+234)); echo SET-$MARK", "SET-1234", BOOT);
        }

        List<Double> fractions = new CopyOnWriteArrayList<>();
        // A capped copy takes long enough for the progress to be read while it runs.
        MigrationOptions options = MigrationOptions.live(destinationDaemon.uri()).withMigrationUri(memorySocket())
                .withBandwidth(16);
        source.domains().migrate(uuid, options, recording(fractions));

        assertEquals(Optional.empty(), source.domains().byUuid(uuid), "gone from the source, definition and all");
        DomainSummary moved = destination.domains().byUuid(uuid).orElseThrow();
        assertEquals(DomainState.RUNNING, moved.state());
        assertEquals("traveller", moved.name());
        assertTrue(moved.persistent(), "the destination keeps the definition");
        try (DomainConsole console = destination.domains().openConsole(uuid)) {
            ConsoleReader reader = new ConsoleReader(console.input());
            reader.typeUntilSeen(console.output(), "echo MOVED-$MARK", "MOVED-1234", Duration.ofSeconds(30));
        }
        assertEquals(1.0, fractions.get(fractions.size() - 1));
        assertTrue(fractions.stream().anyMatch(f -> f > 0 && f < 1),
                "the copy's progress was reported while it ran: " + fractions);
        destination.domains().destroy(uuid);
    }

    /**
     * virt-manager's advanced options together: tunnelled (the memory goes through the daemons'
     * own connection, so no migration URI and no socket between the hosts), temporary (the
     * destination runs it transiently, the source keeps the definition), a new name there and a
     * bandwidth cap.
     */
    @Test
    void aTemporaryTunnelledMoveRunsTheGuestThereTransientlyUnderANewNameAndKeepsItDefinedHere() throws Exception {
        LibvirtTestGuest guest = LibvirtTestGuest.get();
        UUID uuid = source.domains().define(guest.domainXml("visitor")).uuid();
        source.domains().start(uuid);
        try (DomainConsole console = source.domains().openConsole(uuid)) {
            ConsoleReader reader = new ConsoleReader(console.input());
            reader.typeUntilSeen(console.output(), "MARK=$((2000+345)); echo SET-$MARK", "SET-2345", BOOT);
        }

        MigrationOptions options = MigrationOptions.live(destinationDaemon.uri()).temporary()
                .withDestinationName("guest-of-honour").withBandwidth(64).withTunnel();
        source.domains().migrate(uuid, options, TaskProgress.NONE);

        DomainSummary kept = source.domains().byUuid(uuid).orElseThrow();
        assertEquals(DomainState.SHUTOFF, kept.state(), "it runs there now");
        assertEquals("visitor", kept.name());
        assertTrue(kept.persistent(), "the source keeps the definition");
        DomainSummary visiting = destination.domains().byUuid(uuid).orElseThrow();
        assertEquals("guest-of-honour", visiting.name());
        assertEquals(DomainState.RUNNING, visiting.state());
        assertFalse(visiting.persistent(), "the destination runs it transiently");
        try (DomainConsole console = destination.domains().openConsole(uuid)) {
            ConsoleReader reader = new ConsoleReader(console.input());
            reader.typeUntilSeen(console.output(), "echo MOVED-$MARK", "MOVED-2345", Duration.ofSeconds(30));
        }
        destination.domains().destroy(uuid);
        assertEquals(Optional.empty(), destination.domains().byUuid(uuid), "a transient guest is gone once stopped");
    }

    @Test
    void aShutOffGuestsDefinitionMovesOfflineUnderANewName() throws Exception {
        LibvirtTestGuest guest = LibvirtTestGuest.get();
        UUID uuid = source.domains().define(guest.domainXml("resting")).uuid();
        source.domains().migrate(uuid, MigrationOptions.offline(destinationDaemon.uri()).withDestinationName("moved"),
                TaskProgress.NONE);

        assertEquals(Optional.empty(), source.domains().byUuid(uuid));
        DomainSummary moved = destination.domains().byUuid(uuid).orElseThrow();
        assertEquals("moved", moved.name());
        assertEquals(DomainState.SHUTOFF, moved.state());
        assertTrue(moved.persistent());
    }

    @Test
    void aBadDestinationFailsWithLibvirtsReasonAndTheGuestStaysWhereItWas() throws Exception {
        LibvirtTestGuest guest = LibvirtTestGuest.get();
        UUID uuid = source.domains().define(guest.domainXml("homebody")).uuid();
        Path missing = shared.resolve("no-daemon-here");
        VirtException nobody = assertThrows(VirtException.class, () -> source.domains().migrate(uuid,
                MigrationOptions.offline("qemu+unix:///system?socket=" + missing), TaskProgress.NONE));
        assertEquals("Failed to connect socket to '" + missing + "': No such file or directory", nobody.getMessage());

        VirtException itself = assertThrows(VirtException.class, () -> source.domains().migrate(uuid,
                MigrationOptions.offline(sourceDaemon.uri()), TaskProgress.NONE));
        assertTrue(itself.getMessage().contains("Attempt to migrate guest to the same host"), itself.getMessage());

        VirtException notRunning = assertThrows(VirtException.class, () -> source.domains().migrate(uuid,
                MigrationOptions.live(destinationDaemon.uri()).withMigrationUri(memorySocket()), TaskProgress.NONE));
        assertEquals("Requested operation is not valid: domain is not running", notRunning.getMessage());

        assertEquals(DomainState.SHUTOFF, source.domains().byUuid(uuid).orElseThrow().state(), "still here");
        assertEquals(List.of(), destination.domains().list());
    }

    /** Progress that keeps the fractions it was told. */
    private static TaskProgress recording(List<Double> fractions) {
        return new TaskProgress() {
            @Override
            public void update(double fraction, String message) {
                if (fraction >= 0) {
                    fractions.add(fraction);
                }
            }

            @Override
            public boolean isCancelled() {
                return false;
            }
        };
    }
}
