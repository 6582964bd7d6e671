package org.virtfx.core.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

class MediatedDeviceTest {
    /** What libvirt's node device driver writes for a GVT-g slice ({@code virsh nodedev-dumpxml}). */
    private static final String GVTG = """
            <device>
              <name>mdev_3627463d_b7f0_4fea_b468_f1da537d301b_0000_00_02_0</name>
              <path>/sys/devices/pci0000:00/0000:00:02.0/3627463d-b7f0-4fea-b468-f1da537d301b</path>
              <parent>pci_0000_00_02_0</parent>
              <driver><name>vfio_mdev</name></driver>
              <capability type='mdev'>
                <type id='i915-GVTg_V5_4'/>
                <uuid>3627463d-b7f0-4fea-b468-f1da537d301b</uuid>
                <parent_addr>0000:00:02.0</parent_addr>
                <iommuGroup number='0'/>
              </capability>
            </device>
            """;

    @Test
    void libvirtsNodeDeviceXmlGivesTheUuidTypeAndParent() {
        MediatedDevice device = MediatedDevice.parse(GVTG);
        assertEquals(new MediatedDevice("mdev_3627463d_b7f0_4fea_b468_f1da537d301b_0000_00_02_0",
                "3627463d-b7f0-4fea-b468-f1da537d301b", "pci_0000_00_02_0", "i915-GVTg_V5_4", "", ""), device);
        assertEquals("i915-GVTg_V5_4 3627463d-b7f0-4fea-b468-f1da537d301b on pci_0000_00_02_0", device.label());
    }

    @Test
    void aTypesNameJoinsItsIdInTheLabel() {
        assertEquals("nvidia-11 (GRID M60-0B) 53764d0e-85a0-42b4-af5c-2046b460b1dc on pci_0000_06_00_0",
                new MediatedDevice("mdev_x", "53764d0e-85a0-42b4-af5c-2046b460b1dc", "pci_0000_06_00_0", "nvidia-11",
                        "GRID M60-0B", "vfio-pci").label());
    }

    @Test
    void aDeviceThatIsNotMediatedOrLacksItsUuidIsNamed() {
        VirtException pci = assertThrows(VirtException.class, () -> MediatedDevice.parse(
                "<device><name>pci_0000_00_02_0</name><capability type='pci'><domain>0</domain></capability></device>"));
        assertEquals(ErrorCode.XML_ERROR, pci.code());
        assertTrue(pci.getMessage().contains("'pci_0000_00_02_0' is not a mediated device"), pci.getMessage());
        VirtException noUuid = assertThrows(VirtException.class, () -> MediatedDevice.parse(
                GVTG.replace("<uuid>3627463d-b7f0-4fea-b468-f1da537d301b</uuid>", "")));
        assertTrue(noUuid.getMessage().contains("<capability> has no <uuid>"), noUuid.getMessage());
    }
}
