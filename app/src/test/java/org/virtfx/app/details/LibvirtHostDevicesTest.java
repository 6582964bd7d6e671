package org.virtfx.app.details;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtfx.app.addhardware.AddHardwareViewModel;
import org.virtfx.app.addhardware.NewDeviceKind;
import org.virtfx.app.preferences.Preferences;
import org.virtfx.app.settings.Settings;
import org.virtfx.app.testing.ScriptedDialogs;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.DriverChoice;
import org.virtfx.core.connect.DriverRegistry;
import org.virtfx.core.host.HostDevice;
import org.virtfx.core.task.CurrentThreadTaskExecutor;
import org.virtfx.core.xml.SchemaValidator;

/**
 * Add Hardware's host device pages filled from libvirt's node device API (libvirt's test driver
 * with a host of mediated devices), and the picked device in the guest's definition.
 */
class LibvirtHostDevicesTest {
    @TempDir
    Path dir;

    private Connection open() throws IOException {
        Path node = dir.resolve("mdev-host.xml");
        try (InputStream in = getClass().getResourceAsStream("/org/virtfx/drivers/libvirt/mdev-host.xml")) {
            Files.copy(in, node);
        }
        return DriverRegistry.discover().open("test://" + node, DriverChoice.LIBVIRT);
    }

    @Test
    void aMediatedDeviceListedByLibvirtGoesIntoTheDefinition() throws IOException {
        ScriptedDialogs dialogs = new ScriptedDialogs();
        try (Connection connection = open();
             DomainWindowViewModel vm = new DomainWindowViewModel(connection, connection.domains().lookup("desktop").uuid(),
                     "mdev host", new CurrentThreadTaskExecutor(), dialogs,
                     new Preferences(Settings.defaults(), change -> { }), new SchemaValidator(), Runnable::run)) {
            AddHardwareViewModel add = vm.addHardware().orElseThrow();
            assertEquals(List.of("001:002 SanDisk Corp. Ultra Flair"),
                    add.hostDevice(NewDeviceKind.USB_HOST).devices().stream().map(HostDevice::label).toList());
            assertEquals(List.of("0000:00:02.0 Intel Corporation HD Graphics 630"),
                    add.hostDevice(NewDeviceKind.PCI_HOST).devices().stream().map(HostDevice::label).toList());
            assertEquals(List.of("i915-GVTg_V5_4 (GVTg_V5_4) d069d019-36ea-4111-8f0a-8c9a70e21366 on pci_0000_00_02_0"),
                    add.mediatedDevice().devices().stream().map(d -> d.label()).toList());

            add.kindProperty().set(NewDeviceKind.MDEV_HOST);
            add.mediatedDevice().selectedProperty().set(add.mediatedDevice().devices().get(0));
            vm.addHardware(add.finish().orElseThrow());

            assertEquals(List.of(), dialogs.errors);
            assertEquals(List.of("Saved; the changes take effect after the next guest shutdown"), dialogs.notes,
                    "libvirt's test driver plugs nothing into the running guest");
            String xml = connection.domains().xml(vm.summaryProperty().get().uuid(), true);
            assertTrue(xml.contains("<hostdev mode='subsystem' type='mdev' managed='no' model='vfio-pci'>"), xml);
            assertTrue(xml.contains("<address uuid='d069d019-36ea-4111-8f0a-8c9a70e21366'/>"), xml);
        }
    }
}
