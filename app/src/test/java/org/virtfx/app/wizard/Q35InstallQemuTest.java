package org.virtfx.app.wizard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtfx.app.testing.ScriptedDialogs;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.domain.DeviceScope;
import org.virtfx.core.domain.DomainState;
import org.virtfx.core.osinfo.SystemOsDatabase;
import org.virtfx.core.task.CurrentThreadTaskExecutor;
import org.virtfx.core.xml.SchemaValidator;

/**
 * A Debian 11 machine the wizard creates on VirtFX's own QEMU driver is q35 with virt-install's
 * spare root ports: it starts, and takes several disks hot-plugged in a row (libvirt's single
 * spare port, for a q35 guest without PCI controllers of its own, takes one).
 */
class Q35InstallQemuTest {
    @TempDir
    Path dir;
    private EmbeddedQemu qemu;
    private Connection connection;

    @BeforeEach
    void open() {
        qemu = EmbeddedQemu.open(dir);
        connection = qemu.connection;
    }

    @AfterEach
    void close() {
        if (qemu != null) {
            qemu.close();
        }
    }

    @Test
    void aDebianMachineStartsOnQ35AndTakesHotPluggedDisksInARow() throws Exception {
        var db = SystemOsDatabase.require();
        ScriptedDialogs dialogs = new ScriptedDialogs();
        List<NewDomainViewModel.Created> created = new ArrayList<>();
        NewDomainViewModel wizard = new NewDomainViewModel(List.of(new WizardConnection("qemu", connection)),
                new CurrentThreadTaskExecutor(), dialogs, new SchemaValidator(), created::add);
        assertTrue(wizard.hostProperty().get().q35(), "VirtFX's QEMU driver takes q35");
        wizard.methodProperty().set(InstallMethod.MANUAL);
        wizard.os().chosenProperty().set(db.byShortId("debian11").orElseThrow());
        EmbeddedQemu.finishSmall(wizard);
        assertEquals(List.of(), dialogs.errors);
        var domain = connection.domains().lookup("debian11");
        assertEquals(DomainState.RUNNING, domain.state());
        UUID uuid = domain.uuid();
        String xml = connection.domains().xml(uuid, true);
        assertTrue(xml.contains("machine='q35'"), xml);
        assertEquals(14, xml.lines().filter(l -> l.contains("model='pcie-root-port'")).count(), xml);
        assertEquals(List.of("qemu-xhci' ports='15'/>"), xml.lines().filter(l -> l.contains("type='usb'"))
                .map(l -> l.substring(l.indexOf("model='") + 7)).toList(), "virt-install's USB 3 controller: " + xml);

        for (String target : List.of("vdb", "vdc", "vdd")) {
            Path image = dir.resolve(target + ".img");
            try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
                file.setLength(1 << 20);
            }
            connection.domains().attachDevice(uuid, "<disk type='file' device='disk'><driver name='qemu' type='raw'/>"
                    + "<source file='" + image + "'/><target dev='" + target + "' bus='virtio'/></disk>",
                    EnumSet.of(DeviceScope.LIVE, DeviceScope.CONFIG));
        }
        String live = connection.domains().xml(uuid, false);
        for (String target : List.of("vdb", "vdc", "vdd")) {
            assertTrue(live.contains("<target dev='" + target + "' bus='virtio'/>"), live);
        }
    }
}
