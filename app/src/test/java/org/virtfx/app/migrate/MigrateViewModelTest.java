package org.virtfx.app.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.virtfx.app.testing.ScriptedDialogs;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.DriverRegistry;
import org.virtfx.core.domain.DomainState;
import org.virtfx.core.task.CurrentThreadTaskExecutor;

class MigrateViewModelTest {
    private final Connection connection = DriverRegistry.discover().open("test:///default");
    private final ScriptedDialogs dialogs = new ScriptedDialogs();

    @AfterEach
    void close() {
        connection.close();
    }

    private MigrateViewModel dialog(List<MigrateViewModel.Host> open) {
        return new MigrateViewModel("test", connection.domains().lookup("test").uuid(), connection, "test default",
                MigrateViewModel.others("test:///default", open), new CurrentThreadTaskExecutor(), dialogs);
    }

    @Test
    void withNoOtherConnectionThereIsNowhereToGo() {
        MigrateViewModel vm = dialog(List.of(new MigrateViewModel.Host("test default", "test:///default")));
        assertTrue(vm.hosts().isEmpty());
        assertEquals("No usable connections available.", vm.hostsNote());
        assertFalse(vm.canMigrateProperty().get());
        assertEquals("Migrate 'test'", vm.title());
    }

    @Test
    void aDriverThatCannotMigrateSaysSoAndTheVmStaysWhereItIs() {
        MigrateViewModel vm = dialog(List.of(new MigrateViewModel.Host("test default", "test:///default"),
                new MigrateViewModel.Host("other", "test:///tmp/other.xml")));
        assertEquals("other", vm.targetProperty().get().title());
        assertTrue(vm.canMigrateProperty().get());
        vm.migrate();
        assertEquals(List.of("Unable to migrate guest 'test' to other | this function is not supported by the "
                + "connection driver: virDomainMigrate (unsupported by test)"), dialogs.errors);
        assertEquals(DomainState.RUNNING, connection.domains().lookup("test").state());
    }
}
