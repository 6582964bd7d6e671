package org.virtfx.drivers.qemu.argv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.xml.ConformanceCorpus;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlParser;

/**
 * Explicit {@code pcie-root-port} controllers, as virt-install writes them for a q35 machine:
 * placed on pcie.0 and numbered as libvirt does, and filled by the devices before libvirt adds
 * ports of its own.
 */
class RootPortArgsTest {
    private static final Path DIR = Path.of("/run/virtfx/qemu/domain-vm");

    private static List<String> build(String devices) {
        String xml = "<domain type='kvm'><name>vm</name><uuid>6f1b6a8e-5b1c-4f57-9a55-0e6f6d1f2a01</uuid>"
                + "<memory unit='MiB'>512</memory><vcpu>1</vcpu><os><type arch='x86_64' machine='q35'>hvm</type>"
                + "</os><devices><emulator>/usr/bin/qemu-system-x86_64</emulator>" + devices
                + "</devices></domain>";
        CommandLineContext ctx = new CommandLineContext(Accel.TCG, DIR, DIR.resolve("monitor.sock"), null,
                DIR.resolve("VARS.fd"), List.of(), HostEnds.QEMU_OPENS, path -> false, "/usr/bin:/bin", "alice");
        return new QemuArgvBuilder().build(new XmlParser().parse(xml, "(test)"), ctx).argv();
    }

    /** The {@code -device} options naming {@code what}, in command-line order. */
    private static List<String> devices(List<String> argv, String what) {
        return argv.stream().filter(a -> a.startsWith("{\"driver\"") && a.contains(what)).collect(Collectors.toList());
    }

    private static String ports(int count) {
        return "<controller type='pci' index='0' model='pcie-root'/>"
                + "<controller type='pci' model='pcie-root-port'/>".repeat(count);
    }

    private static String disk(String target, String address) {
        return "<disk type='file' device='disk'><source file='/" + target + ".img'/><target dev='" + target
                + "' bus='virtio'/>" + address + "</disk>";
    }

    /**
     * libvirt's two corpus cases of explicit root ports also pin their vCPUs, which this driver
     * refuses; pinning has no part in the command line, so without it the ports must come out
     * exactly as libvirt writes them.
     */
    @ParameterizedTest
    @ValueSource(strings = {"pcie-root-port", "q35-multifunction", "pcie-switch-upstream-port", "pcie-switch-downstream-port",
        "q35-pci-force-address"})
    void theCorpusCasesGiveLibvirtsCommandLineWithoutTheirPinning(String name) {
        String input = "tests/qemuxml2argvdata/" + name + ".xml";
        String xml = ConformanceCorpus.read(input).replace(" cpuset='0-1'", "");
        XmlElement domain = new XmlParser().parse(xml, input);
        String expected = ConformanceCorpus.read("tests/qemuxml2argvdata/" + name + ".x86_64-latest.args");
        String actual = new QemuArgvBuilder().build(domain, QemuArgvConformanceTest.libvirtTestContext(domain)).shellText();
        assertEquals(expected, ConformanceCorpus.withFinalNewline(actual, expected));
    }

    /**
     * libvirt's watchdog-q35-multiple with the controllers libvirt adds written out: the
     * pcie-to-pci-bridge goes in the first root port, and the conventional PCI devices (the
     * PIIX3 USB controller, two i6300esb watchdogs) fill its slots from 1, as libvirt writes them.
     */
    @Test
    void conventionalPciDevicesOnQ35GoBehindAPcieToPciBridge() {
        List<String> argv = build("<controller type='pci' index='0' model='pcie-root'/>"
                + "<controller type='pci' index='1' model='pcie-root-port'/>"
                + "<controller type='pci' index='2' model='pcie-to-pci-bridge'/>"
                + "<controller type='pci' index='3' model='pcie-root-port'/>"
                + "<controller type='usb' index='0' model='piix3-uhci'/>"
                + "<watchdog model='i6300esb' action='poweroff'/><watchdog model='i6300esb' action='poweroff'/>"
                + "<memballoon model='none'/>");
        assertEquals(List.of("{\"driver\":\"pcie-pci-bridge\",\"id\":\"pci.2\",\"bus\":\"pci.1\",\"addr\":\"0x0\"}"),
                devices(argv, "pcie-pci-bridge"));
        assertEquals(List.of("{\"driver\":\"piix3-usb-uhci\",\"id\":\"usb\",\"bus\":\"pci.2\",\"addr\":\"0x1\"}"),
                devices(argv, "piix3-usb-uhci"));
        assertEquals(List.of("{\"driver\":\"i6300esb\",\"id\":\"watchdog0\",\"bus\":\"pci.2\",\"addr\":\"0x2\"}",
                "{\"driver\":\"i6300esb\",\"id\":\"watchdog1\",\"bus\":\"pci.2\",\"addr\":\"0x3\"}"),
                devices(argv, "i6300esb"));
    }

    /**
     * A dmi-to-pci-bridge with no address takes the ICH9's slot 0x1e, and a pci-bridge with none
     * goes behind it (a device needs hot-plug, which it lacks); without any bridge for them, a
     * conventional PCI device on q35 is refused naming what is missing.
     */
    @Test
    void aDmiToPciBridgeTakesSlot0x1eAndCarriesThePciBridge() {
        List<String> argv = build("<controller type='pci' index='0' model='pcie-root'/>"
                + "<controller type='pci' index='1' model='dmi-to-pci-bridge'/>"
                + "<controller type='pci' index='2' model='pci-bridge'/>"
                + "<controller type='usb' index='0' model='piix3-uhci'/><memballoon model='none'/>");
        assertEquals(List.of("{\"driver\":\"i82801b11-bridge\",\"id\":\"pci.1\",\"bus\":\"pcie.0\",\"addr\":\"0x1e\"}"),
                devices(argv, "i82801b11-bridge"));
        assertEquals(List.of("{\"driver\":\"pci-bridge\",\"chassis_nr\":2,\"id\":\"pci.2\",\"bus\":\"pci.1\",\"addr\":\"0x0\"}"),
                devices(argv, "\"pci-bridge\""));
        assertEquals(List.of("{\"driver\":\"piix3-usb-uhci\",\"id\":\"usb\",\"bus\":\"pci.2\",\"addr\":\"0x1\"}"),
                devices(argv, "piix3-usb-uhci"));
        org.virtfx.core.error.VirtException refused = assertThrows(org.virtfx.core.error.VirtException.class,
                () -> build("<controller type='usb' index='0' model='piix3-uhci'/>"));
        assertEquals("unsupported configuration: a conventional PCI device on q35 without a free slot on a pci-bridge"
                + " or pcie-to-pci-bridge of the XML is not supported by this driver", refused.getMessage());
    }

    @Test
    void virtInstallsFourteenPortsTakeTheDevicesAndLibvirtAddsNoneOfItsOwn() {
        List<String> argv = build(ports(14) + disk("vda", "") + "<memballoon model='virtio'/>");
        List<String> ports = devices(argv, "pcie-root-port");
        assertEquals(14, ports.size(), ports.toString());
        assertEquals("{\"driver\":\"pcie-root-port\",\"port\":8,\"chassis\":1,\"id\":\"pci.1\",\"bus\":\"pcie.0\","
                + "\"multifunction\":true,\"addr\":\"0x1\"}", ports.get(0));
        assertEquals("{\"driver\":\"pcie-root-port\",\"port\":16,\"chassis\":9,\"id\":\"pci.9\",\"bus\":\"pcie.0\","
                + "\"multifunction\":true,\"addr\":\"0x2\"}", ports.get(8));
        // The USB controller, the disk and the balloon fill the first three ports; eleven stay free for hot-plug.
        assertEquals(List.of("{\"driver\":\"qemu-xhci\",\"id\":\"usb\",\"bus\":\"pci.1\",\"addr\":\"0x0\"}"),
                devices(argv, "qemu-xhci"));
        assertEquals(1, devices(argv, "\"bus\":\"pci.2\"").size());
        assertEquals(1, devices(argv, "\"bus\":\"pci.3\"").size());
    }

    @Test
    void aDeviceWhoseAddressNamesAPortGoesBehindIt() {
        List<String> argv = build(ports(3) + disk("vda", "<address type='pci' domain='0x0000' bus='0x03' slot='0x00'"
                + " function='0x0'/>") + disk("vdb", "") + "<memballoon model='none'/>");
        assertEquals(1, devices(argv, "\"bus\":\"pci.3\",\"addr\":\"0x0\",\"drive\":\"libvirt-2-format\"").size(), argv.toString());
        // The others take the free ports in index order: USB the first, vdb the second.
        assertEquals(1, devices(argv, "\"bus\":\"pci.2\",\"addr\":\"0x0\",\"drive\":\"libvirt-1-format\"").size(), argv.toString());
        assertEquals(3, devices(argv, "pcie-root-port").size());
    }

    @Test
    void tooFewPortsGetLibvirtsOwnAfterThemWithNoSpare() {
        List<String> argv = build(ports(1) + disk("vda", "") + disk("vdb", "") + "<memballoon model='none'/>");
        List<String> ports = devices(argv, "pcie-root-port");
        assertEquals(3, ports.size(), ports.toString());
        assertEquals("{\"driver\":\"pcie-root-port\",\"port\":10,\"chassis\":3,\"id\":\"pci.3\",\"bus\":\"pcie.0\","
                + "\"addr\":\"0x1.0x2\"}", ports.get(2));
    }

    @Test
    void withoutPortsLibvirtAddsOnePerDeviceAndOneSpare() {
        List<String> argv = build(disk("vda", "") + "<memballoon model='none'/>");
        // USB and the disk, and the spare.
        assertEquals(3, devices(argv, "pcie-root-port").size());
    }

    @Test
    void aPortsModelChassisPortAndHotplugComeFromTheXml() {
        List<String> argv = build("<controller type='pci' index='0' model='pcie-root'/><controller type='pci' index='1'"
                + " model='pcie-root-port'><model name='ioh3420'/><target chassis='40' port='0x1a' hotplug='off'/>"
                + "<address type='pci' domain='0x0000' bus='0x00' slot='0x05' function='0x0'/></controller>"
                + "<controller type='usb' model='none'/><memballoon model='none'/>");
        assertEquals(List.of("{\"driver\":\"ioh3420\",\"port\":26,\"chassis\":40,\"id\":\"pci.1\",\"hotplug\":false,"
                + "\"bus\":\"pcie.0\",\"addr\":\"0x5\"}"), devices(argv, "ioh3420"));
    }

    @Test
    void badPortsAreRefusedNamingTheFault() {
        assertEquals("XML error: Multiple 'pci' controllers with index '1'", assertThrows(VirtException.class, () ->
                build("<controller type='pci' index='1' model='pcie-root-port'/>"
                        + "<controller type='pci' index='1' model='pcie-root-port'/>")).getMessage());
        assertEquals("XML error: The PCI controller with index='0' must be model='pcie-root' for this machine type,"
                + " but model='pci-root' was found instead", assertThrows(VirtException.class, () ->
                build("<controller type='pci' index='0' model='pci-root'/>")).getMessage());
        assertEquals("XML error: Invalid PCI address 0000:01:02.0. slot must be <= 0", assertThrows(VirtException.class, () ->
                build(ports(1) + disk("vda", "<address type='pci' bus='1' slot='2'/>"))).getMessage());
        assertEquals("XML error: Attempted double use of PCI Address 0000:01:00.0", assertThrows(VirtException.class, () ->
                build(ports(1) + disk("vda", "<address type='pci' bus='1' slot='0'/>")
                        + disk("vdb", "<address type='pci' bus='1' slot='0'/>"))).getMessage());
        assertEquals("internal error: a PCI slot is needed to connect a PCI controller model='pcie-switch-downstream-port',"
                + " but none is available, and it cannot be automatically added", assertThrows(VirtException.class, () ->
                build(ports(1) + "<controller type='pci' index='2' model='pcie-switch-downstream-port'/>")).getMessage());
        assertEquals("XML error: The device at PCI address 0000:02:00.0 cannot be plugged into the PCI controller with"
                + " index='2'. It requires a controller that accepts a PCI Express device.",
                assertThrows(VirtException.class, () -> build(ports(1)
                        + "<controller type='pci' index='2' model='pcie-switch-upstream-port'/>"
                        + disk("vda", "<address type='pci' bus='2' slot='0'/>"))).getMessage());
    }

    /** A switch behind a root port: its downstream ports take the devices before libvirt adds a root port. */
    @Test
    void aSwitchsDownstreamPortsTakeTheDevices() {
        List<String> argv = build(ports(1) + "<controller type='pci' index='2' model='pcie-switch-upstream-port'/>"
                + "<controller type='pci' index='3' model='pcie-switch-downstream-port'/>"
                + "<controller type='pci' index='4' model='pcie-switch-downstream-port'/>"
                + disk("vda", "") + "<controller type='usb' model='none'/><memballoon model='none'/>");
        assertEquals(List.of("{\"driver\":\"x3130-upstream\",\"id\":\"pci.2\",\"bus\":\"pci.1\",\"addr\":\"0x0\"}"),
                devices(argv, "x3130-upstream"));
        assertEquals(List.of("{\"driver\":\"xio3130-downstream\",\"port\":0,\"chassis\":3,\"id\":\"pci.3\",\"bus\":\"pci.2\","
                + "\"addr\":\"0x0\"}", "{\"driver\":\"xio3130-downstream\",\"port\":1,\"chassis\":4,\"id\":\"pci.4\","
                + "\"bus\":\"pci.2\",\"addr\":\"0x1\"}"), devices(argv, "xio3130-downstream"));
        assertEquals(1, devices(argv, "virtio-blk-pci\",\"bus\":\"pci.3\"").size(), devices(argv, "virtio-blk").toString());
        assertEquals(List.of(), devices(argv, "\"id\":\"pci.5\""), "no root port added");
    }
}
