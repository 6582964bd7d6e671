package org.virtfx.app.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.virtfx.app.testing.ScriptedDialogs;
import org.virtfx.app.ui.UiChangeQueue;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.DriverRegistry;
import org.virtfx.core.domain.MigrationOptions;
import org.virtfx.core.task.CurrentThreadTaskExecutor;

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

    @Test
    void othersAreTheConnectionsOfOtherUris() {
        assertEquals(List.of(new MigrateViewModel.Host("b", "qemu+ssh://b/system")), MigrateViewModel.others(
                "qemu:///system", List.of(new MigrateViewModel.Host("a", "qemu:///system"),
                        new MigrateViewModel.Host("b", "qemu+ssh://b/system"))));
    }
}
