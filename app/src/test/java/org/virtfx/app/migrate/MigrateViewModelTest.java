package org.virtfx.app.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.virtfx.app.testing.ForwardingConnection;
import org.virtfx.app.testing.ReadingDomains;
import org.virtfx.app.testing.ScriptedDialogs;
import org.virtfx.app.ui.UiChangeQueue;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.DriverRegistry;
import org.virtfx.core.connect.Feature;
import org.virtfx.core.domain.DomainFamily;
import org.virtfx.core.domain.MigrationOptions;
import org.virtfx.core.task.CurrentThreadTaskExecutor;
import org.virtfx.core.task.TaskProgress;

class MigrateViewModelTest {
    private final Connection connection = DriverRegistry.discover().open("test:///default");
    private final ScriptedDialogs dialogs = new ScriptedDialogs();

    @AfterEach
    void close() {
        connection.close();
    }

    private MigrateViewModel dialog(boolean running, List<MigrateViewModel.Host> open) {
        return new MigrateViewModel("test", connection.domains().lookup("test").uuid(), running, connection,
                "test default", MigrateViewModel.others("test:///default", open), new CurrentThreadTaskExecutor(),
                new UiChangeQueue(Runnable::run), dialogs);
    }

    @Test
    void aConnectionThatCannotMigrateOffersNoHostAndSaysWhy() {
        MigrateViewModel vm = dialog(true, List.of(new MigrateViewModel.Host("test default", "test:///default"),
                new MigrateViewModel.Host("other", "test:///tmp/other.xml")));
        assertTrue(vm.hosts().isEmpty());
        assertEquals("The connection 'test default' cannot migrate guests.", vm.hostsNote());
        assertFalse(vm.canMigrateProperty().get());
        vm.migrate();
        assertEquals(List.of(), dialogs.errors);
        assertEquals("", vm.errorProperty().get());
        assertEquals("Migrate 'test'", vm.title());
    }

    @Test
    void aRunningGuestMovesLiveAndAShutOffOneOffline() {
        assertEquals(MigrationOptions.Mode.LIVE, dialog(true, List.of()).modeProperty().get());
        assertEquals(MigrationOptions.Mode.OFFLINE, dialog(false, List.of()).modeProperty().get());
    }

    /** test:///default as a host that migrates: each move is kept, not made. */
    private final class MigratingConnection extends ForwardingConnection {
        final List<MigrationOptions> moves = new ArrayList<>();

        MigratingConnection() {
            super(connection);
        }

        @Override
        public Set<Feature> features() {
            return EnumSet.of(Feature.MIGRATION);
        }

        @Override
        public DomainFamily domains() {
            return new ReadingDomains(connection.domains()) {
                @Override
                public void migrate(UUID uuid, MigrationOptions options, TaskProgress progress) {
                    moves.add(options);
                }
            };
        }
    }

    private static final MigrateViewModel.Host THERE = new MigrateViewModel.Host("there", "qemu+ssh://there/system");

    private MigrateViewModel migrating(MigratingConnection host, boolean running) {
        return new MigrateViewModel("test", connection.domains().lookup("test").uuid(), running, host,
                "test default", List.of(THERE), new CurrentThreadTaskExecutor(), new UiChangeQueue(Runnable::run),
                dialogs);
    }

    @Test
    void theAdvancedOptionsReachTheDriverAsMigrationOptions() {
        MigratingConnection host = new MigratingConnection();
        MigrateViewModel vm = migrating(host, true);
        vm.tunnelledProperty().set(true);
        vm.temporaryProperty().set(true);
        vm.newNameProperty().set("  visitor ");
        vm.bandwidthProperty().set("64");
        vm.migrate();
        assertEquals(List.of(MigrationOptions.live(THERE.uri()).temporary().withTunnel().withDestinationName("visitor")
                .withBandwidth(64)), host.moves);
        assertTrue(vm.doneProperty().get());
        assertEquals(List.of("Migrated 'test' to there"), dialogs.notes);
    }

    @Test
    void leftAloneTheAdvancedOptionsMoveTheGuestForGoodUnderItsName() {
        MigratingConnection host = new MigratingConnection();
        migrating(host, true).migrate();
        assertEquals(List.of(MigrationOptions.live(THERE.uri())), host.moves);
    }

    @Test
    void anOfflineMoveCannotBeTemporary() {
        MigrateViewModel vm = migrating(new MigratingConnection(), true);
        assertTrue(vm.temporaryPossibleProperty().get());
        vm.temporaryProperty().set(true);
        vm.modeProperty().set(MigrationOptions.Mode.OFFLINE);
        assertFalse(vm.temporaryPossibleProperty().get());
        assertFalse(vm.temporaryProperty().get(), "choosing offline clears it");
    }

    @Test
    void unusableAdvancedOptionsAreShownOnTheDialogAndNothingMoves() {
        MigratingConnection host = new MigratingConnection();
        MigrateViewModel vm = migrating(host, true);
        vm.bandwidthProperty().set("fast");
        vm.migrate();
        assertEquals("Bandwidth must be a whole number of MiB/s above 0, not 'fast'", vm.errorProperty().get());
        vm.bandwidthProperty().set("0");
        vm.migrate();
        assertEquals("Bandwidth must be a whole number of MiB/s above 0, not '0'", vm.errorProperty().get());
        vm.bandwidthProperty().set("");
        vm.tunnelledProperty().set(true);
        vm.migrationUriProperty().set("tcp://10.0.0.2:49152");
        vm.migrate();
        assertEquals("invalid argument: a tunnelled migration sends the guest through the daemons' connection, so it"
                + " takes no migration URI (tcp://10.0.0.2:49152)", vm.errorProperty().get());
        assertEquals(List.of(), host.moves);
        assertFalse(vm.busyProperty().get());
    }

    @Test
    void othersAreTheConnectionsOfOtherUris() {
        assertEquals(List.of(new MigrateViewModel.Host("b", "qemu+ssh://b/system")), MigrateViewModel.others(
                "qemu:///system", List.of(new MigrateViewModel.Host("a", "qemu:///system"),
                        new MigrateViewModel.Host("b", "qemu+ssh://b/system"))));
    }
}
