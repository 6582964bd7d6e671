package org.virtfx.drivers.qemu.argv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlFormat;
import org.virtfx.core.xml.XmlParser;

/**
 * A pc machine's {@code pci-bridge} controllers: placed on the root bus like any conventional
 * PCI device, in index order before the other devices, numbered by index ({@code chassis_nr}),
 * and taking the devices the root bus has no slot left for, as libvirt's pci-bridge case shows.
 * (libvirt's corpus cases with bridges also use settings this driver refuses: vCPU pinning, a
 * VNC listen address, {@code <maxMemory>}.)
 */
class PciBridgeArgsTest {
    private static XmlElement domain(String devices) {
        return new XmlParser().parse("<domain type='qemu'><name>vm</name><uuid>6f1b6a8e-5b1c-4f57-9a55-0e6f6d1f2a01</uuid>"
                + "<memory unit='MiB'>64</memory><vcpu>1</vcpu><os><type arch='x86_64' machine='pc'>hvm</type></os>"
                + "<devices><controller type='pci' index='0' model='pci-root'/>" + devices
                + "<controller type='usb' model='none'/><memballoon model='none'/></devices></domain>", "(test)");
    }

    private static String nics(int count) {
        StringBuilder xml = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            xml.append(String.format("<interface type='user'><mac address='52:54:00:00:00:%02x'/><model type='e1000'/>"
                    + "</interface>", i));
        }
        return xml.toString();
    }

    @Test
    void bridgesTakeRootSlotsFirstAndTheDevicesTheRootBusHasNoRoomFor() {
        XmlElement domain = domain("<controller type='pci' index='1' model='pci-bridge'/>"
                + "<controller type='pci' index='2' model='pci-bridge'><target chassisNr='7'/></controller>" + nics(30));
        QemuCommandLine commandLine = new QemuArgvBuilder().build(domain.copy(),
                QemuArgvConformanceTest.libvirtTestContext(domain));
        List<String> bridges = commandLine.argv().stream().filter(a -> a.contains("\"driver\":\"pci-bridge\"")).toList();
        assertEquals(List.of("{\"driver\":\"pci-bridge\",\"chassis_nr\":1,\"id\":\"pci.1\",\"bus\":\"pci.0\",\"addr\":\"0x2\"}",
                "{\"driver\":\"pci-bridge\",\"chassis_nr\":7,\"id\":\"pci.2\",\"bus\":\"pci.0\",\"addr\":\"0x3\"}"), bridges);
        List<String> nics = commandLine.argv().stream().filter(a -> a.contains("\"driver\":\"e1000\"")).toList();
        // 0x4 to 0x1f on the root bus take 28; the last two go behind the first bridge.
        assertTrue(nics.get(27).endsWith("\"bus\":\"pci.0\",\"addr\":\"0x1f\"}"), nics.get(27));
        assertTrue(nics.get(28).endsWith("\"bus\":\"pci.1\",\"addr\":\"0x1\"}"), nics.get(28));
        assertTrue(nics.get(29).endsWith("\"bus\":\"pci.1\",\"addr\":\"0x2\"}"), nics.get(29));

        XmlElement live = commandLine.placements().applyTo(domain.copy());
        XmlElement bridge = live.child("devices").orElseThrow().children("controller").get(1);
        assertEquals("<controller type='pci' index='1' model='pci-bridge'><model name='pci-bridge'/>"
                + "<target chassisNr='1'/><address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'/>"
                + "</controller>", XmlFormat.format(bridge).replaceAll(">\\s+<", "><").strip());
    }

    @Test
    void anAddressOnABusNoBridgeMakesAndIndexGapsAreRefusedAsUnsupported() {
        XmlElement domain = domain("<controller type='pci' index='1' model='pci-bridge'/><interface type='user'>"
                + "<mac address='52:54:00:00:00:01'/><model type='e1000'/>"
                + "<address type='pci' domain='0x0000' bus='0x02' slot='0x03' function='0x0'/></interface>");
        assertEquals("unsupported configuration: a PCI address on a bus no pci-bridge of the XML makes is not supported"
                + " by this driver", assertThrows(VirtException.class, () -> new QemuArgvBuilder().build(domain,
                QemuArgvConformanceTest.libvirtTestContext(domain))).getMessage());
        XmlElement gap = domain("<controller type='pci' index='3' model='pci-bridge'/>");
        assertEquals("unsupported configuration: pci-bridge indexes with gaps is not supported by this driver",
                assertThrows(VirtException.class, () -> new QemuArgvBuilder().build(gap,
                        QemuArgvConformanceTest.libvirtTestContext(gap))).getMessage());
    }
}
