package org.virtfx.plumbing.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.host.MediatedDevice;
import org.virtfx.core.host.MediatedDeviceType;

/**
 * Mediated devices from a tree shaped as the kernel lays out sysfs (links included), since this
 * machine has no mdev hardware: an Intel GVT-g parent on PCI with two types and one device.
 */
class SysfsMediatedDevicesTest {
    private static final String GPU = "devices/pci0000:00/0000:00:02.0";
    private static final String UUID = "3627463d-b7f0-4fea-b468-f1da537d301b";

    @TempDir
    Path root;

    private Path sys() {
        return root.resolve("sys");
    }

    private void file(String relative, String content) throws IOException {
        Path file = sys().resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    /** A symbolic link at {@code relative}, pointing at {@code target} relative to the link's folder, as sysfs has them. */
    private void link(String relative, String target) throws IOException {
        Path link = sys().resolve(relative);
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, Path.of(target));
    }

    private void type(String id, String name, int available) throws IOException {
        String dir = GPU + "/mdev_supported_types/" + id + "/";
        if (name != null) {
            file(dir + "name", name + "\n");
        }
        file(dir + "device_api", "vfio-pci\n");
        file(dir + "available_instances", available + "\n");
    }

    private void gvtg() throws IOException {
        Files.createDirectories(sys().resolve("bus/pci"));
        link(GPU + "/subsystem", "../../../bus/pci");
        type("i915-GVTg_V5_4", "GVTg_V5_4", 1);
        type("i915-GVTg_V5_8", null, 2);
        link("class/mdev_bus/0000:00:02.0", "../../" + GPU);
        file(GPU + "/" + UUID + "/uevent", "MDEV_TYPE=i915-GVTg_V5_4\n");
        link(GPU + "/" + UUID + "/mdev_type", "../mdev_supported_types/i915-GVTg_V5_4");
        link("bus/mdev/devices/" + UUID, "../../../" + GPU + "/" + UUID);
    }

    @Test
    void aDeviceHasLibvirtsNamesItsParentAndItsTypesWords() throws IOException {
        gvtg();
        assertEquals(List.of(new MediatedDevice("mdev_3627463d_b7f0_4fea_b468_f1da537d301b_0000_00_02_0", UUID,
                "pci_0000_00_02_0", "i915-GVTg_V5_4", "GVTg_V5_4", "vfio-pci")),
                new SysfsMediatedDevices(sys()).devices());
    }

    @Test
    void eachParentsTypesSayHowManyMoreItCanMake() throws IOException {
        gvtg();
        assertEquals(List.of(new MediatedDeviceType("pci_0000_00_02_0", "i915-GVTg_V5_4", "GVTg_V5_4", "vfio-pci", 1),
                new MediatedDeviceType("pci_0000_00_02_0", "i915-GVTg_V5_8", "", "vfio-pci", 2)),
                new SysfsMediatedDevices(sys()).types());
    }

    @Test
    void aHostWithoutAnMdevBusHasNone() throws IOException {
        Files.createDirectories(sys());
        assertEquals(List.of(), new SysfsMediatedDevices(sys()).devices());
        assertEquals(List.of(), new SysfsMediatedDevices(sys()).types());
    }

    @Test
    void aCountNoKernelWritesIsNamed() throws IOException {
        gvtg();
        file(GPU + "/mdev_supported_types/i915-GVTg_V5_8/available_instances", "lots\n");
        VirtException e = assertThrows(VirtException.class, () -> new SysfsMediatedDevices(sys()).types());
        assertEquals(sys().toRealPath().resolve(GPU + "/mdev_supported_types/i915-GVTg_V5_8/available_instances")
                + ": 'lots' is not a count", e.getMessage().replaceFirst("^internal error: ", ""));
    }
}
