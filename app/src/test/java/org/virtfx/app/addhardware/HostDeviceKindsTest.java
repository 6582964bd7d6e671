package org.virtfx.app.addhardware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.DriverChoice;
import org.virtfx.core.connect.DriverRegistry;

/**
 * Add Hardware offers the host device kinds a connection can attach, as each real driver
 * declares them, so Finish never fails on a kind the driver refuses.
 */
class HostDeviceKindsTest {
    private static final Path QEMU = Path.of("/usr/bin/qemu-system-x86_64");

    private static List<NewDeviceKind> offered(Connection connection) {
        AddHardwareViewModel add = new AddHardwareViewModel(AddedDevice.MACHINE, connection.features());
        return Stream.of(NewDeviceKind.USB_HOST, NewDeviceKind.PCI_HOST, NewDeviceKind.MDEV_HOST)
                .filter(kind -> add.unavailable(kind).isEmpty()).toList();
    }

    @Test
    void virtfxsQemuDriverOffersNoHostDeviceAndFinishSaysWhy(@TempDir Path dir) {
        if (!Files.isExecutable(QEMU) && "true".equals(System.getenv("CI"))) {
            fail("qemu-system-x86 is required under CI=true");
        }
        assumeTrue(Files.isExecutable(QEMU), "skipped: qemu-system-x86_64 is not installed");
        try (Connection qemu = DriverRegistry.discover().open("qemu:///embed?root=" + dir.resolve("root"))) {
            assertEquals(List.of(), offered(qemu), "VirtFX's QEMU driver refuses every <hostdev>");
            AddHardwareViewModel add = new AddHardwareViewModel(AddedDevice.MACHINE, qemu.features());
            add.hostDevice(NewDeviceKind.PCI_HOST).setDevices(List.of(HostDeviceChoiceTest.AHCI));
            add.hostDevice(NewDeviceKind.PCI_HOST).selectedProperty().set(HostDeviceChoiceTest.AHCI);
            add.kindProperty().set(NewDeviceKind.PCI_HOST);
            assertTrue(add.finish().isEmpty());
            assertEquals("This connection cannot give a guest the host's PCI devices", add.errorProperty().get());
            assertEquals("This connection cannot give a guest the host's mediated devices",
                    add.unavailable(NewDeviceKind.MDEV_HOST).orElseThrow());
        }
    }

    @Test
    void virtfxsTestDriverListsNoHostDevicesSoOffersNone() {
        try (Connection test = DriverRegistry.discover().open("test:///default", DriverChoice.BUILTIN)) {
            assertEquals(List.of(), offered(test));
        }
    }

    @Test
    void libvirtsTestDriverKeepsEveryKindInADefinition() {
        try (Connection test = DriverRegistry.discover().open("test:///default", DriverChoice.LIBVIRT)) {
            assertEquals(List.of(NewDeviceKind.USB_HOST, NewDeviceKind.PCI_HOST, NewDeviceKind.MDEV_HOST), offered(test));
        }
    }
}
