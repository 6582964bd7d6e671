package org.virtfx.drivers.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtfx.core.connect.ConnectionUri;
import org.virtfx.core.host.HostDevice;
import org.virtfx.core.host.MediatedDevice;
import org.virtfx.core.host.MediatedDeviceType;
import org.virtfx.drivers.libvirt.binding.ConnectAuth;

/** Node devices through libvirt's node device API, on libvirt's test driver. */
class LibvirtNodeDevicesTest {

    /** Writes {@code mdev-host.xml} (a GPU with a slice, an s390 subchannel, a USB stick) where test:/// can read it. */
    static Path mdevHost(Path dir) throws IOException {
        Path node = dir.resolve("mdev-host.xml");
        try (InputStream in = LibvirtNodeDevicesTest.class.getResourceAsStream("mdev-host.xml")) {
            Files.copy(in, node);
        }
        return node;
    }

    @Test
    void mediatedDevicesComeWithTheirTypesNameAndInterface(@TempDir Path dir) throws IOException {
        try (LibvirtConnection connection = LibvirtConnection.open(
                ConnectionUri.parse("test://" + mdevHost(dir)), ConnectAuth.NONE)) {
            assertEquals(List.of(new MediatedDevice("mdev_d069d019_36ea_4111_8f0a_8c9a70e21366_0000_00_02_0",
                    "d069d019-36ea-4111-8f0a-8c9a70e21366", "pci_0000_00_02_0", "i915-GVTg_V5_4", "GVTg_V5_4", "vfio-pci")),
                    connection.host().mediatedDevices());
            List<MediatedDeviceType> types = connection.host().mediatedDeviceTypes();
            assertEquals(3, types.size(), types.toString());
            // libvirt lists parents in its own order: compared as a set.
            assertEquals(Set.of(
                    new MediatedDeviceType("pci_0000_00_02_0", "i915-GVTg_V5_4", "GVTg_V5_4", "vfio-pci", 1),
                    new MediatedDeviceType("pci_0000_00_02_0", "i915-GVTg_V5_8", "GVTg_V5_8", "vfio-pci", 4),
                    new MediatedDeviceType("css_0_0_fffe", "vfio_ccw-io", "I/O subchannel (Non-QDIO)", "vfio-ccw", 1)),
                    Set.copyOf(types));
            assertEquals(List.of("pci_0000_00_02_0"),
                    connection.host().devices(HostDevice.Kind.PCI).stream().map(HostDevice::name).toList());
            assertEquals(List.of("001:002 SanDisk Corp. Ultra Flair"),
                    connection.host().devices(HostDevice.Kind.USB).stream().map(HostDevice::label).toList());
        }
    }

    @Test
    void theDefaultTestHostHasNoMediatedDevices() {
        try (LibvirtConnection connection = LibvirtConnection.open(ConnectionUri.parse("test:///default"),
                ConnectAuth.NONE)) {
            assertEquals(List.of(), connection.host().mediatedDevices());
            assertEquals(List.of(), connection.host().mediatedDeviceTypes());
        }
    }
}
