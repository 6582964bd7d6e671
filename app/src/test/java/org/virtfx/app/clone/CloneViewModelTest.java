package org.virtfx.app.clone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.virtfx.app.testing.ScriptedDialogs;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.DriverRegistry;
import org.virtfx.core.domain.DomainCloneXml;
import org.virtfx.core.domain.DomainDisk;
import org.virtfx.core.task.CurrentThreadTaskExecutor;

/** Cloning on test:///default, as virt-manager clones there: new UUID, name and MACs; disks by choice. */
class CloneViewModelTest {
    private static final String WITH_VOLUME = """
            <domain type='test'>
              <name>web</name>
              <memory>1024</memory>
              <os><type>hvm</type></os>
              <devices>
                <disk type='file' device='disk'><source file='/default-pool/web.img'/><target dev='vda'/></disk>
                <disk type='file' device='cdrom'><source file='/iso/install.iso'/><target dev='hdc'/><readonly/></disk>
              </devices>
            </domain>
            """;

    private final Connection connection = DriverRegistry.discover().open("test:///default");
    private final ScriptedDialogs dialogs = new ScriptedDialogs();

    @AfterEach
    void close() {
        connection.close();
    }

    private CloneViewModel dialogFor(String name) {
        CloneViewModel vm = new CloneViewModel(connection, connection.domains().lookup(name).uuid(),
                new CurrentThreadTaskExecutor(), dialogs, new Random(7));
        vm.load();
        return vm;
    }

    @Test
    void proposesAFreeCloneNameAndClonesWritableDisks() {
        connection.domains().destroy(connection.domains().lookup("test").uuid());
        CloneViewModel vm = dialogFor("test");
        assertTrue(vm.readyProperty().get());
        assertEquals("test", vm.originalNameProperty().get());
        assertEquals("test-clone", vm.nameProperty().get());
        assertEquals(1, vm.disks().size());
        assertTrue(vm.disks().get(0).cloned().get());

        vm.cloneDomain();

        var original = connection.domains().lookup("test");
        var clone = connection.domains().lookup("test-clone");
        assertNotEquals(original.uuid(), clone.uuid());
        String xml = connection.domains().xml(clone.uuid(), true);
        assertEquals(List.of("/guest/diskimage1-clone"),
                DomainDisk.of(xml).stream().map(d -> d.path().orElseThrow()).toList());
        String mac = DomainCloneXml.macs(xml).get(0);
        assertTrue(mac.startsWith("aa:bb:cc:") && !mac.equals("aa:bb:cc:dd:ee:ff"), mac);
        assertEquals(List.of("Cloned 'test' as 'test-clone'"), dialogs.notes);
        // The next clone of either is numbered, as virt-clone numbers them.
        assertEquals("test-clone1", dialogFor("test").nameProperty().get());
        assertEquals("test-clone1", dialogFor("test-clone").nameProperty().get());
    }

    @Test
    void aSharedDiskKeepsItsPathAndAPoolVolumeIsCopiedInItsPool() {
        var pool = connection.storage().lookupPool("default-pool").uuid();
        connection.storage().createVolume(pool,
                "<volume><name>web.img</name><capacity unit='MiB'>64</capacity></volume>");
        connection.domains().define(WITH_VOLUME);
        CloneViewModel vm = dialogFor("web");
        assertTrue(vm.disks().get(0).cloned().get());
        assertFalse(vm.disks().get(1).cloned().get(), "a cdrom is shared");
        assertFalse(vm.disks().get(1).cloneable());

        vm.nameProperty().set("web2");
        vm.cloneDomain();

        String xml = connection.domains().xml(connection.domains().lookup("web2").uuid(), true);
        assertEquals(List.of("/default-pool/web2.img", "/iso/install.iso"),
                DomainDisk.of(xml).stream().map(d -> d.path().orElseThrow()).toList());
        assertTrue(connection.storage().listVolumes(pool).stream().anyMatch(v -> v.name().equals("web2.img")
                && v.capacity() == 64L << 20));
    }

    @Test
    void refusesATakenOrEmptyName() {
        connection.domains().destroy(connection.domains().lookup("test").uuid());
        CloneViewModel vm = dialogFor("test");
        vm.nameProperty().set("test");
        assertEquals("Name 'test' already in use by another virtual machine", vm.problem().orElseThrow());
        vm.nameProperty().set(" ");
        assertTrue(vm.problem().isPresent());
        vm.cloneDomain();
        assertEquals(1, connection.domains().list().size());
    }

    @Test
    void namesAndPathsFollowVirtClone() {
        assertEquals("vm-clone2", CloneNames.cloneName("vm", Set.of("vm-clone", "vm-clone1")));
        assertEquals("vm-clone4", CloneNames.cloneName("vm-clone3", Set.of()));
        assertEquals("/d/vm2.qcow2", CloneNames.clonePath("/d/vm.qcow2", "vm", "vm2", Set.of()));
        assertEquals("/d/disk-clone-1.img", CloneNames.clonePath("/d/disk.img", "vm", "x", Set.of("/d/disk-clone.img")));
        assertEquals("/d/disk.verylongext-clone", CloneNames.clonePath("/d/disk.verylongext", "vm", "x", Set.of()));
    }
}
