package org.virtfx.app.delete;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.virtfx.app.testing.ScriptedDialogs;
import org.virtfx.app.ui.ConfirmAnswer;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.DriverRegistry;
import org.virtfx.core.task.CurrentThreadTaskExecutor;

/** The Delete dialog on test:///default, whose default-pool holds the volumes a delete can remove. */
class DeleteViewModelTest {
    private static final String WEB = """
            <domain type='test'>
              <name>NAME</name>
              <memory>1024</memory>
              <os><type>hvm</type></os>
              <devices>
                <disk type='file' device='disk'><source file='/default-pool/web.img'/><target dev='vda'/></disk>
                <disk type='file' device='disk'><source file='/guest/diskimage1'/><target dev='vdb'/></disk>
              </devices>
            </domain>
            """;

    private final Connection connection = DriverRegistry.discover().open("test:///default");
    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private UUID pool;
    private UUID web;

    @BeforeEach
    void defineWeb() {
        pool = connection.storage().lookupPool("default-pool").uuid();
        connection.storage().createVolume(pool, "<volume><name>web.img</name><capacity>1024</capacity></volume>");
        web = connection.domains().define(WEB.replace("NAME", "web")).uuid();
    }

    @AfterEach
    void close() {
        connection.close();
    }

    private DeleteViewModel dialog() {
        DeleteViewModel vm = new DeleteViewModel(connection, web, "web", new CurrentThreadTaskExecutor(), dialogs,
                question -> dialogs.confirm(question).accepted());
        vm.load();
        return vm;
    }

    private boolean volumeExists() {
        return connection.storage().listVolumes(pool).stream().anyMatch(v -> v.name().equals("web.img"));
    }

    @Test
    void aRunningVmIsForcedOffAndItsPoolVolumeDeletedWhileUnmanagedFilesStay() {
        connection.domains().start(web);
        DeleteViewModel vm = dialog();
        assertEquals("Delete 'web'", vm.title());
        assertEquals("'web' is running: it will be forced off before it is deleted.", vm.runningNoteProperty().get());
        DeleteDisk volume = vm.disks().get(0);
        DeleteDisk file = vm.disks().get(1);
        assertTrue(volume.selected().get() && volume.deletable());
        assertFalse(file.deletable());
        assertEquals("Not managed storage: the file is left in place", file.warning());

        assertTrue(vm.delete());

        assertEquals("Are you sure you want to delete the storage?", dialogs.asked.get(0).question());
        assertTrue(connection.domains().byName("web").isEmpty());
        assertFalse(volumeExists());
        assertEquals(List.of("Deleted 'web'"), dialogs.notes);
        assertTrue(dialogs.errors.isEmpty(), dialogs.errors.toString());
    }

    @Test
    void withoutStorageTheVolumeStaysAndAManagedSaveImageIsDroppedFirst() {
        connection.domains().start(web);
        connection.domains().managedSave(web);
        DeleteViewModel vm = dialog();
        vm.deleteStorageProperty().set(false);
        assertTrue(vm.delete());
        assertTrue(dialogs.asked.isEmpty());
        assertTrue(connection.domains().byName("web").isEmpty());
        assertTrue(volumeExists());
    }

    @Test
    void aDiskOtherVmsUseIsNotTickedAndSaysWhoUsesIt() {
        connection.domains().define(WEB.replace("NAME", "web2"));
        DeleteDisk volume = dialog().disks().get(0);
        assertFalse(volume.selected().get());
        assertEquals("Storage is in use by other virtual machines: web2", volume.warning());
    }

    @Test
    void decliningTheStorageQuestionDeletesNothing() {
        dialogs.answers.add(new ConfirmAnswer(false, false));
        assertFalse(dialog().delete());
        assertTrue(connection.domains().byName("web").isPresent());
        assertTrue(volumeExists());
    }
}
