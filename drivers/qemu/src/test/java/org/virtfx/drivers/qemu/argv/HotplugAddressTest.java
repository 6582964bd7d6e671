package org.virtfx.drivers.qemu.argv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlParser;

/**
 * libvirt's checks of a hot-plugged device's PCI address on a q35 machine whose QEMU lists two
 * root ports (pci.1 with a disk behind it, pci.2 empty) and a third that takes no hot-plug.
 */
class HotplugAddressTest {
    private static final String QUERY_PCI = "[{\"bus\":0,\"devices\":["
            + "{\"bus\":0,\"slot\":1,\"function\":0,\"qdev_id\":\"pci.1\",\"pci_bridge\":{\"devices\":["
            + "{\"bus\":1,\"slot\":0,\"function\":0,\"qdev_id\":\"virtio-disk0\"}]}},"
            + "{\"bus\":0,\"slot\":1,\"function\":1,\"qdev_id\":\"pci.2\",\"pci_bridge\":{\"devices\":[]}},"
            + "{\"bus\":0,\"slot\":1,\"function\":2,\"qdev_id\":\"pci.3\",\"pci_bridge\":{\"devices\":[]}},"
            + "{\"bus\":0,\"slot\":31,\"function\":0,\"qdev_id\":\"\"}]}]";
    private static final String LIVE = "<domain><os><type machine='q35'>hvm</type></os><devices>"
            + "<controller type='pci' index='3' model='pcie-root-port'><target hotplug='off'/></controller>"
            + "</devices></domain>";

    private static HotplugAddress addresses() throws Exception {
        return new HotplugAddress(new ObjectMapper().readTree(QUERY_PCI), new XmlParser().parse(LIVE, "(live)"));
    }

    private static XmlElement nicAt(int bus, int slot) {
        return new XmlParser().parse("<interface type='network'><address type='pci' domain='0x0000' bus='"
                + bus + "' slot='" + slot + "' function='0x0'/></interface>", "(device)");
    }

    @Test
    void anEmptyHotPluggableRootPortTakesTheDeviceAtSlotZero() throws Exception {
        HotplugAddress.Placement placed = addresses().of(nicAt(2, 0)).orElseThrow();
        assertEquals(new HotplugAddress.Placement("pci.2", "0x0"), placed);
        assertTrue(addresses().of(new XmlParser().parse("<interface type='network'/>", "(device)")).isEmpty(),
                "no address: the caller chooses");
    }

    @Test
    void aPortInUseOneWithoutHotplugAndABusPastTheLastAreRefusedInLibvirtsWords() throws Exception {
        assertEquals("XML error: Attempted double use of PCI Address 0000:01:00.0",
                assertThrows(VirtException.class, () -> addresses().of(nicAt(1, 0))).getMessage());
        assertEquals("XML error: The device at PCI address 0000:03:00.0 requires hotplug capability, but the PCI"
                + " controller with index='3' doesn't support hotplug",
                assertThrows(VirtException.class, () -> addresses().of(nicAt(3, 0))).getMessage());
        assertEquals("XML error: Invalid PCI address 0000:04:00.0. Only PCI buses up to 3 are available",
                assertThrows(VirtException.class, () -> addresses().of(nicAt(4, 0))).getMessage());
        assertEquals("XML error: Invalid PCI address 0000:ffffffff:00.0. Only PCI buses up to 3 are available",
                assertThrows(VirtException.class, () -> addresses().of(nicAt(-1, 0))).getMessage());
    }

    /**
     * Behind a pcie-to-pci-bridge (in root port 1) a device takes slots 1-31 as on a
     * pci-bridge; q35's dmi-to-pci-bridge takes none, lacking hot-plug; neither is a port for a
     * device with no address.
     */
    @Test
    void aPcieToPciBridgeTakesSlotsFromOneAndADmiToPciBridgeTakesNoHotplug() throws Exception {
        String pci = "[{\"bus\":0,\"devices\":[{\"bus\":0,\"slot\":1,\"function\":0,\"qdev_id\":\"pci.1\","
                + "\"pci_bridge\":{\"devices\":[{\"bus\":1,\"slot\":0,\"function\":0,\"qdev_id\":\"pci.2\","
                + "\"pci_bridge\":{\"devices\":[{\"bus\":2,\"slot\":1,\"function\":0,\"qdev_id\":\"usb\"}]}}]}},"
                + "{\"bus\":0,\"slot\":30,\"function\":0,\"qdev_id\":\"pci.3\",\"pci_bridge\":{\"devices\":[]}}]}]";
        XmlElement live = new XmlParser().parse("<domain><os><type machine='q35'>hvm</type></os><devices>"
                + "<controller type='pci' index='0' model='pcie-root'/><controller type='pci' index='1' model='pcie-root-port'/>"
                + "<controller type='pci' index='2' model='pcie-to-pci-bridge'/>"
                + "<controller type='pci' index='3' model='dmi-to-pci-bridge'/></devices></domain>", "(live)");
        HotplugAddress addresses = new HotplugAddress(new ObjectMapper().readTree(pci), live);
        assertEquals(new HotplugAddress.Placement("pci.2", "0x2"), addresses.of(nicAt(2, 2)).orElseThrow());
        assertEquals("XML error: Attempted double use of PCI Address 0000:02:01.0",
                assertThrows(VirtException.class, () -> addresses.of(nicAt(2, 1))).getMessage());
        assertEquals("XML error: Invalid PCI address 0000:02:00.0. slot must be >= 1",
                assertThrows(VirtException.class, () -> addresses.of(nicAt(2, 0))).getMessage());
        assertEquals("XML error: The device at PCI address 0000:03:01.0 requires hotplug capability, but the PCI"
                + " controller with index='3' doesn't support hotplug",
                assertThrows(VirtException.class, () -> addresses.of(nicAt(3, 1))).getMessage());
        assertTrue(addresses.lowestFreePort().isEmpty(), "no empty port for a device with no address");
    }

    @Test
    void aDeviceWithNoAddressGoesBehindTheLowestEmptyPortThatTakesHotplug() throws Exception {
        assertEquals("pci.2", addresses().lowestFreePort().orElseThrow());
        String switchPci = "[{\"bus\":0,\"devices\":[{\"bus\":0,\"slot\":1,\"function\":0,\"qdev_id\":\"pci.1\","
                + "\"pci_bridge\":{\"devices\":[{\"bus\":1,\"slot\":0,\"function\":0,\"qdev_id\":\"pci.2\","
                + "\"pci_bridge\":{\"devices\":[{\"bus\":2,\"slot\":0,\"function\":0,\"qdev_id\":\"pci.3\","
                + "\"pci_bridge\":{\"devices\":[]}}]}}]}}]}]";
        XmlElement live = new XmlParser().parse("<domain><os><type machine='q35'>hvm</type></os><devices>"
                + "<controller type='pci' index='2' model='pcie-switch-upstream-port'/></devices></domain>", "(live)");
        HotplugAddress behindSwitch = new HotplugAddress(new ObjectMapper().readTree(switchPci), live);
        assertEquals("pci.3", behindSwitch.lowestFreePort().orElseThrow(), "the switch's downstream port, not its upstream one");
        assertEquals("XML error: The device at PCI address 0000:02:00.0 cannot be plugged into the PCI controller with"
                + " index='2'. It requires a controller that accepts a PCI Express device.",
                assertThrows(VirtException.class, () -> behindSwitch.of(nicAt(2, 0))).getMessage());
    }
}
