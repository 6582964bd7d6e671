package org.virtfx.app.details;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.virtfx.app.preferences.Preferences;
import org.virtfx.app.settings.Settings;
import org.virtfx.app.testing.ScriptedDialogs;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.DriverChoice;
import org.virtfx.core.connect.DriverRegistry;
import org.virtfx.core.connect.Feature;
import org.virtfx.core.task.CurrentThreadTaskExecutor;
import org.virtfx.core.xml.SchemaValidator;

/**
 * The Memory and CPUs pages of a running guest on a connection that changes memory and vCPUs
 * live (libvirt's test driver through libvirt.so): the current allocation reaches the running
 * guest at once, the rest waits for the next shutdown, and the page says which.
 */
class LiveResourcesTest {
    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private Connection connection;
    private UUID uuid;
    private DomainWindowViewModel vm;

    @BeforeEach
    void open() {
        connection = DriverRegistry.discover().open("test:///default", DriverChoice.LIBVIRT);
        assertTrue(connection.supports(Feature.LIVE_RESOURCE_CHANGES));
        uuid = connection.domains().lookup("test").uuid();
        vm = new DomainWindowViewModel(connection, uuid, "test default", new CurrentThreadTaskExecutor(), dialogs,
                new Preferences(Settings.defaults(), change -> { }), new SchemaValidator(), Runnable::run);
    }

    @AfterEach
    void close() {
        vm.close();
        // The last connection closed, libvirt's test:///default starts afresh for the next test.
        connection.close();
    }

    private <T extends DetailsPage> T page(HardwareKind kind, Class<T> type) {
        vm.selectedProperty().set(vm.hardware().stream().filter(i -> i.kind() == kind).findFirst().orElseThrow());
        return type.cast(vm.pageProperty().get());
    }

    private String xml(boolean inactive) {
        return connection.domains().xml(uuid, inactive);
    }

    @Test
    void theCurrentMemoryChangesAtOnceAndTheMaximumAfterTheNextShutdown() {
        MemoryPage memory = page(HardwareKind.MEMORY, MemoryPage.class);
        memory.currentMiBProperty().set(1024);
        assertEquals("The current allocation changes in the running guest at once.", vm.pageNoteProperty().get());
        memory.maximumMiBProperty().set(3072);
        assertEquals("The current allocation changes in the running guest at once; the maximum allocation takes"
                + " effect after the next shutdown.", vm.pageNoteProperty().get());

        vm.apply();

        assertEquals(List.of(), dialogs.errors);
        String told = "Saved; the running guest has 1024 MiB now; the maximum allocation takes effect after the next"
                + " shutdown";
        assertEquals(List.of(told), dialogs.notes);
        assertEquals(told, vm.pageNoteProperty().get(), "the page keeps what Apply did");
        assertTrue(xml(false).contains("<currentMemory unit='KiB'>1048576</currentMemory>"), xml(false));
        assertTrue(xml(false).contains("<memory unit='KiB'>8388608</memory>"), "the running guest keeps its maximum");
        assertTrue(xml(true).contains("<memory unit='KiB'>3145728</memory>"), xml(true));
        assertTrue(xml(true).contains("<currentMemory unit='KiB'>1048576</currentMemory>"), xml(true));

        memory.currentMiBProperty().set(1536);
        assertEquals("The current allocation changes in the running guest at once.", vm.pageNoteProperty().get(),
                "the next edit replaces the last outcome");
    }

    @Test
    void vcpusArePluggedAtOnce() {
        CpusPage cpus = page(HardwareKind.CPUS, CpusPage.class);
        cpus.vcpusProperty().set(1);
        assertEquals("The vCPU allocation changes in the running guest at once.", vm.pageNoteProperty().get());

        vm.apply();

        assertEquals(List.of(), dialogs.errors);
        assertEquals(List.of("Saved; the running guest has 1 vCPU now"), dialogs.notes);
        assertEquals(1, connection.domains().stats(uuid).vcpus());
        assertTrue(xml(true).contains("<vcpu placement='static' current='1'>2</vcpu>"), xml(true));
    }

    @Test
    void aLiveChangeTheDriverRefusesIsToldOnThePageAndTheDefinitionKeepsIt() {
        CpusPage cpus = page(HardwareKind.CPUS, CpusPage.class);
        cpus.maxVcpusProperty().set(4);
        cpus.vcpusProperty().set(3);
        assertEquals("The vCPU allocation changes in the running guest at once; the other changes take effect after"
                + " the next shutdown.", vm.pageNoteProperty().get());

        vm.apply();

        assertEquals(List.of(), dialogs.errors, "no error dialog: the definition was saved");
        String told = "Saved, but the running guest's vCPUs could not be changed: invalid argument: requested cpu"
                + " amount exceeds maximum (3 > 2). The new allocation takes effect after the next shutdown.";
        assertEquals(List.of(told), dialogs.notes);
        assertEquals(told, vm.pageNoteProperty().get());
        assertEquals(2, connection.domains().stats(uuid).vcpus(), "the running guest keeps its two");
        assertTrue(xml(true).contains("<vcpu placement='static' current='3'>4</vcpu>"), xml(true));
    }

    @Test
    void aMaximumAloneGoesToTheDefinitionAsBefore() {
        MemoryPage memory = page(HardwareKind.MEMORY, MemoryPage.class);
        memory.maximumMiBProperty().set(3072);
        vm.apply();
        assertEquals(List.of("Saved; the changes take effect after the next guest shutdown"), dialogs.notes);
        assertEquals("", vm.pageNoteProperty().get());
        assertTrue(xml(false).contains("<memory unit='KiB'>8388608</memory>"), xml(false));
    }
}
