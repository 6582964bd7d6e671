package org.virtfx.app.details;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtfx.app.addhardware.AddHardwareViewModel;
import org.virtfx.app.addhardware.NewDeviceKind;
import org.virtfx.app.preferences.Preferences;
import org.virtfx.app.settings.Settings;
import org.virtfx.app.testing.ScriptedDialogs;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.DriverRegistry;
import org.virtfx.core.domain.DomainState;
import org.virtfx.core.task.CurrentThreadTaskExecutor;
import org.virtfx.core.xml.SchemaValidator;

/**
 * Add Hardware on a running VM of VirtFX's QEMU driver: a virtio disk goes into the running
 * guest and its configuration, a kind QEMU cannot plug waits for the next shutdown. The guest
 * needs no OS for a plug: SeaBIOS finding nothing to boot is enough.
 */
class LiveHardwareQemuTest {
    private static final Path QEMU = Path.of("/usr/bin/qemu-system-x86_64");

    @TempDir
    Path dir;
    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private final List<UnaryOperator<Settings>> saved = new ArrayList<>();
    private Connection connection;
    private DomainWindowViewModel vm;

    @BeforeEach
    void open() {
        if (!Files.isExecutable(QEMU) && "true".equals(System.getenv("CI"))) {
            fail("qemu-system-x86 is required under CI=true");
        }
        assumeTrue(Files.isExecutable(QEMU), "skipped: qemu-system-x86_64 is not installed");
        connection = DriverRegistry.discover().open("qemu:///embed?root=" + dir.resolve("root"));
    }

    @AfterEach
    void close() {
        if (vm != null) {
            vm.close();
        }
        if (connection != null) {
            for (var domain : connection.domains().list()) {
                if (domain.state() != DomainState.SHUTOFF) {
                    connection.domains().destroy(domain.uuid());
                }
            }
            connection.close();
        }
    }

    @Test
    void aVirtioDiskIsPluggedLiveAndASoundCardWaitsForTheNextShutdown() throws Exception {
        Path image = dir.resolve("data.img");
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(8 << 20);
        }
        UUID uuid = connection.domains().define("<domain type='qemu'><name>live</name><memory unit='MiB'>64</memory>"
                // PCI hotplug on a pc machine is ACPI's: without <acpi/> QEMU refuses every plug.
                + "<os><type arch='x86_64' machine='pc'>hvm</type></os><features><acpi/></features>"
                + "<devices><emulator>" + QEMU + "</emulator>"
                + "<memballoon model='none'/></devices></domain>").uuid();
        connection.domains().start(uuid);
        vm = new DomainWindowViewModel(connection, uuid, "QEMU", new CurrentThreadTaskExecutor(), dialogs,
                new Preferences(Settings.defaults(), saved::add), new SchemaValidator(), Runnable::run);

        AddHardwareViewModel add = vm.addHardware().orElseThrow();
        assertTrue(add.whenAppliedProperty().get().startsWith("The device is added to the running guest"),
                add.whenAppliedProperty().get());
        add.storage().createImageProperty().set(false);
        add.storage().pathProperty().set(image.toString());
        vm.addHardware(add.finish().orElseThrow());
        assertEquals(List.of(), dialogs.errors);
        assertEquals(List.of("Added to the running guest and to its configuration"), dialogs.notes);
        assertTrue(connection.domains().xml(uuid, false).contains("<target dev='vda' bus='virtio'/>"),
                connection.domains().xml(uuid, false));
        assertTrue(connection.domains().xml(uuid, true).contains("<target dev='vda' bus='virtio'/>"));

        AddHardwareViewModel sound = vm.addHardware().orElseThrow();
        sound.kindProperty().set(NewDeviceKind.SOUND);
        vm.addHardware(sound.finish().orElseThrow());
        assertEquals(List.of(), dialogs.errors);
        assertEquals("Saved; the changes take effect after the next guest shutdown", dialogs.notes.get(1));
        assertTrue(connection.domains().xml(uuid, true).contains("<sound model='ich9'"));
        assertFalse(connection.domains().xml(uuid, false).contains("<sound"));
    }
}
