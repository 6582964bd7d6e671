package org.virtfx.core.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

class MediatedDeviceTypeTest {
    /** A GPU with two types, as libvirt's node device driver writes it (nodedevschemadata's mdev_types shape). */
    private static final String GPU = """
            <device>
              <name>pci_0000_00_02_0</name>
              <parent>computer</parent>
              <capability type='pci'>
                <domain>0</domain>
                <bus>0</bus>
                <slot>2</slot>
                <function>0</function>
                <product id='0x5912'>HD Graphics 630</product>
                <vendor id='0x8086'>Intel Corporation</vendor>
                <capability type='mdev_types'>
                  <type id='i915-GVTg_V5_4'>
                    <name>GVTg_V5_4</name>
                    <deviceAPI>vfio-pci</deviceAPI>
                    <availableInstances>2</availableInstances>
                  </type>
                  <type id='i915-GVTg_V5_8'>
                    <deviceAPI>vfio-pci</deviceAPI>
                    <availableInstances>0</availableInstances>
                  </type>
                </capability>
                <iommuGroup number='2'/>
              </capability>
            </device>
            """;

    @Test
    void aParentsTypesComeWithTheirApiAndRoomLeft() {
        assertEquals(List.of(new MediatedDeviceType("pci_0000_00_02_0", "i915-GVTg_V5_4", "GVTg_V5_4", "vfio-pci", 2),
                new MediatedDeviceType("pci_0000_00_02_0", "i915-GVTg_V5_8", "", "vfio-pci", 0)),
                MediatedDeviceType.parse(GPU));
    }

    @Test
    void anS390SubchannelsTypesAreNestedInItsCssCapability() {
        assertEquals(List.of(new MediatedDeviceType("css_0_0_fffe", "vfio_ccw-io", "I/O subchannel (Non-QDIO)",
                "vfio-ccw", 1)), MediatedDeviceType.parse("""
                <device><name>css_0_0_fffe</name><parent>computer</parent>
                  <capability type='css'><cssid>0x0</cssid><ssid>0x0</ssid><devno>0xfffe</devno>
                    <capability type='mdev_types'><type id='vfio_ccw-io'><name>I/O subchannel (Non-QDIO)</name>
                      <deviceAPI>vfio-ccw</deviceAPI><availableInstances>1</availableInstances></type></capability>
                  </capability></device>"""));
    }

    @Test
    void aDeviceWithoutTypesOffersNone() {
        assertEquals(List.of(), MediatedDeviceType.parse(GPU.replaceAll("(?s)<capability type='mdev_types'>.*?</capability>", "")));
    }

    @Test
    void aTypeWithoutItsApiOrWithABadCountIsNamed() {
        VirtException noApi = assertThrows(VirtException.class, () -> MediatedDeviceType.parse(
                GPU.replace("<deviceAPI>vfio-pci</deviceAPI>\n        <availableInstances>2", "<availableInstances>2")));
        assertEquals(ErrorCode.XML_ERROR, noApi.code());
        assertTrue(noApi.getMessage().contains("<type> 'i915-GVTg_V5_4' has no <deviceAPI>"), noApi.getMessage());
        VirtException count = assertThrows(VirtException.class, () -> MediatedDeviceType.parse(
                GPU.replace("<availableInstances>0<", "<availableInstances>many<")));
        assertTrue(count.getMessage().contains("'i915-GVTg_V5_8' has <availableInstances> 'many', which is not a number"),
                count.getMessage());
    }
}
