package org.virtfx.app.wizard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.virtfx.app.details.DomainWindowViewModel;
import org.virtfx.app.details.HardwareKind;
import org.virtfx.app.details.MemoryPage;
import org.virtfx.app.hostdetails.StorageViewModel;
import org.virtfx.app.preferences.Preferences;
import org.virtfx.app.settings.Settings;
import org.virtfx.app.testing.RestrictedConnection;
import org.virtfx.app.testing.ScriptedDialogs;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.DriverRegistry;
import org.virtfx.core.task.CurrentThreadTaskExecutor;
import org.virtfx.core.xml.SchemaValidator;

/** Windows on a container-only driver without storage pools (the LXC driver): they leave storage out. */
class HostlessDriverTest {
    private static final SchemaValidator SCHEMA = new SchemaValidator();

    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private Connection connection;

    @BeforeEach
    void open() {
        connection = RestrictedConnection.containerHost(DriverRegistry.discover().open("test:///default"));
    }

    @AfterEach
    void close() {
        connection.close();
    }

    @Test
    void wizardOffersOnlyContainersAndCreatesAnLxcDomainWithoutAPool() {
        List<NewDomainViewModel.Created> created = new ArrayList<>();
        NewDomainViewModel wizard = new NewDomainViewModel(List.of(new WizardConnection("lxc", connection)),
                new CurrentThreadTaskExecutor(), dialogs, SCHEMA, created::add);
        assertEquals(List.of(InstallMethod.APPLICATION_CONTAINER, InstallMethod.OS_CONTAINER), wizard.methods());
        while (wizard.next()) {
            // Every step passes with the defaults; the storage step has no pool to need.
        }
        assertEquals(WizardStep.FINISH, wizard.stepProperty().get());
        wizard.memoryMiBProperty().set(64);
        wizard.finish();
        assertEquals(List.of(), dialogs.errors);
        String xml = connection.domains().xml(created.get(0).domain().uuid(), true);
        assertTrue(xml.startsWith("<domain type='lxc'>"), xml);
    }

    @Test
    void vmWindowAndStorageTabWorkWithoutStoragePools() {
        DomainWindowViewModel vm = new DomainWindowViewModel(connection, connection.domains().lookup("test").uuid(),
                "lxc", new CurrentThreadTaskExecutor(), dialogs, new Preferences(Settings.defaults(), c -> { }),
                SCHEMA, Runnable::run);
        vm.selectedProperty().set(vm.hardware().stream().filter(i -> i.kind() == HardwareKind.MEMORY).findFirst()
                .orElseThrow());
        MemoryPage memory = (MemoryPage) vm.pageProperty().get();
        memory.maximumMiBProperty().set(512);
        memory.currentMiBProperty().set(512);
        vm.apply();
        StorageViewModel storage = new StorageViewModel(connection, new CurrentThreadTaskExecutor(), dialogs, SCHEMA);
        storage.load();
        assertEquals("The lxc driver has no storage pools", storage.unsupportedProperty().get());
        assertEquals(List.of(), dialogs.errors);
        vm.close();
    }
}
