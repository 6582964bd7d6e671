package org.virtfx.app.addhardware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtfx.core.host.MediatedDevice;
import org.virtfx.core.host.MediatedDeviceType;

class MediatedDeviceChoiceTest {
    static final MediatedDevice VGPU = new MediatedDevice(
            "mdev_53764d0e_85a0_42b4_af5c_2046b460b1dc_0000_06_00_0", "53764d0e-85a0-42b4-af5c-2046b460b1dc",
            "pci_0000_06_00_0", "nvidia-11", "GRID M60-0B", "vfio-pci");
    private static final MediatedDevice CCW = new MediatedDevice("mdev_x", "90c6c135-ad44-41d0-b1b7-bae47de48627",
            "css_0_0_0023", "vfio_ccw-io", "", "vfio-ccw");
    private static final MediatedDeviceType GVTG = new MediatedDeviceType("pci_0000_00_02_0", "i915-GVTg_V5_4",
            "GVTg_V5_4", "vfio-pci", 2);

    private static AddHardwareViewModel with(List<MediatedDevice> devices, List<MediatedDeviceType> types) {
        AddHardwareViewModel add = new AddHardwareViewModel(AddedDevice.MACHINE, AddedDevice.HOST_DEVICES);
        add.setSources(new HostSources(List.of(), List.of(), "", "", 0, List.of(), List.of(), List.of(), devices, types));
        add.kindProperty().set(NewDeviceKind.MDEV_HOST);
        return add;
    }

    @Test
    void aPickedDeviceIsGivenByItsUuidAsLibvirtWritesIt() {
        AddHardwareViewModel add = with(List.of(VGPU, CCW), List.of());
        assertEquals(List.of(VGPU, CCW), add.mediatedDevice().devices());
        assertEquals("", add.mediatedDevice().noteProperty().get());
        add.mediatedDevice().selectedProperty().set(VGPU);
        // libvirt's qemuxml2argvdata/hostdev-mdev-precreated.xml.
        assertEquals("<hostdev mode='subsystem' type='mdev' model='vfio-pci'>\n  <source>\n"
                + "    <address uuid='53764d0e-85a0-42b4-af5c-2046b460b1dc'/>\n  </source>\n</hostdev>\n",
                AddedDevice.xml(add));
        add.mediatedDevice().selectedProperty().set(CCW);
        assertTrue(AddedDevice.xml(add).startsWith("<hostdev mode='subsystem' type='mdev' model='vfio-ccw'>"));
    }

    @Test
    void aDeviceFromLibvirtsXmlWhichNamesNoInterfaceIsAPciOne() {
        AddHardwareViewModel add = with(List.of(new MediatedDevice("mdev_y", "3627463d-b7f0-4fea-b468-f1da537d301b",
                "pci_0000_00_02_0", "i915-GVTg_V5_4", "", "")), List.of());
        add.mediatedDevice().selectedProperty().set(add.mediatedDevice().devices().get(0));
        assertTrue(AddedDevice.xml(add).startsWith("<hostdev mode='subsystem' type='mdev' model='vfio-pci'>"));
    }

    @Test
    void withNoDeviceThePageSaysWhatTheHostCouldMake() {
        AddHardwareViewModel add = with(List.of(), List.of(GVTG));
        assertEquals("No mediated devices exist yet; create one (with mdevctl) of a type the host offers:"
                + " i915-GVTg_V5_4 (GVTg_V5_4) on pci_0000_00_02_0, 2 available", add.mediatedDevice().noteProperty().get());
        assertTrue(add.deviceXml().isEmpty());
        assertEquals("The connection lists no mediated devices of the host", add.errorProperty().get());
        assertEquals("No mediated devices listed for this connection's host",
                with(List.of(), List.of()).mediatedDevice().noteProperty().get());
    }

    @Test
    void nothingPickedIsSaidAndAVanishedDeviceIsDropped() {
        AddHardwareViewModel add = with(List.of(VGPU), List.of());
        assertTrue(add.deviceXml().isEmpty());
        assertEquals("Host Device: choose a mediated device from the list", add.errorProperty().get());
        add.mediatedDevice().selectedProperty().set(VGPU);
        add.setSources(HostSources.NONE);
        assertNull(add.mediatedDevice().selectedProperty().get());
    }
}
