package org.virtfx.drivers.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.virtfx.core.connect.Feature;
import org.virtfx.core.domain.DeviceScope;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.drivers.qemu.VmLifecycleTest.ConsoleReader;
import org.virtfx.plumbing.netdev.LinkInfo;
import org.virtfx.plumbing.netdev.RootTests;

/** Devices attached to and detached from a running TCG guest, seen from inside it. */
@Timeout(180)
class VmHotplugTest {
    private static final Set<DeviceScope> BOTH = EnumSet.of(DeviceScope.LIVE, DeviceScope.CONFIG);
    private static final String MAC = "52:54:00:aa:bb:01";

    @BeforeEach
    void root() {
        RootTests.requireRoot();
    }

    /** Runs a shell loop in the guest until it prints the marker (the arithmetic keeps the echo apart). */
    private static void guestWaitsFor(ConsoleReader console, String condition, int n) throws Exception {
        console.type("until " + condition + "; do sleep 0.2; done; echo ok$((" + n + "))ok");
        console.await("ok" + n + "ok");
    }

    private static String dataDisk(Path image) {
        return "<disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='" + image
                + "'/><target dev='vdb' bus='virtio'/></disk>";
    }

    @Test
    void aDiskAttachedLiveAndToTheConfigShowsUpInTheGuestAndGoesAgainOnDetach() throws Exception {
        try (QemuTestHost host = QemuTestHost.open()) {
            assertTrue(host.connection.supports(Feature.LIVE_DEVICE_CHANGES));
            Path image = host.directory.resolve("data.img");
            try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
                file.setLength(16 << 20);
            }
            UUID uuid = host.define("hotdisk", "").uuid();
            host.connection.domains().start(uuid);
            try (ConsoleReader console = new ConsoleReader(host.connection.domains().openConsole(uuid))) {
                console.await("# ");
                host.connection.domains().attachDevice(uuid, dataDisk(image), BOTH);
                // 16 MiB in 1 KiB blocks, as /proc/partitions counts them. The guest names its disks in
                // the order it finds them: its first virtio disk is vda, whatever the target says.
                guestWaitsFor(console, "grep -q ' 16384 vda' /proc/partitions", 1);
                String live = host.connection.domains().xml(uuid, false);
                assertTrue(live.contains("<target dev='vdb' bus='virtio'/>") && live.contains("<alias name='virtio-disk1'/>"),
                        live);
                assertTrue(host.connection.domains().xml(uuid, true).contains("<target dev='vdb' bus='virtio'/>"),
                        "the next start has it too");

                VirtException twice = assertThrows(VirtException.class,
                        () -> host.connection.domains().attachDevice(uuid, dataDisk(image), Set.of(DeviceScope.LIVE)));
                assertEquals("operation failed: target vdb already exists", twice.getMessage());

                host.connection.domains().detachDevice(uuid, "<disk type='file' device='disk'><target dev='vdb'/></disk>",
                        BOTH);
                guestWaitsFor(console, "! grep -q vda /proc/partitions", 2);
                assertFalse(host.connection.domains().xml(uuid, false).contains("vdb"));
                assertFalse(host.connection.domains().xml(uuid, true).contains("vdb"));

                // Plugged again after the removal: new block nodes, the same device id.
                host.connection.domains().attachDevice(uuid, dataDisk(image), Set.of(DeviceScope.LIVE));
                guestWaitsFor(console, "grep -q ' 16384 vda' /proc/partitions", 3);
                assertFalse(host.connection.domains().xml(uuid, true).contains("vdb"), "live only");
            }
        }
    }

    @Test
    void anInterfaceAttachedLiveGetsATapAndIsTheGuestsEth0UntilDetached() throws Exception {
        try (QemuTestHost host = QemuTestHost.open()) {
            UUID uuid = host.define("hotnic", "").uuid();
            host.connection.domains().start(uuid);
            assertEquals(List.of(), host.taps());
            try (ConsoleReader console = new ConsoleReader(host.connection.domains().openConsole(uuid))) {
                console.await("# ");
                host.connection.domains().attachDevice(uuid, "<interface type='network'><mac address='" + MAC
                        + "'/><source network='" + QemuTestHost.NETWORK + "'/><model type='virtio'/></interface>", BOTH);
                guestWaitsFor(console, "grep -q " + MAC + " /sys/class/net/eth0/address", 1);
                List<String> taps = host.taps().stream().map(LinkInfo::name).toList();
                assertEquals(1, taps.size(), "one tap made: " + taps);
                String live = host.connection.domains().xml(uuid, false);
                assertTrue(live.contains("<target dev='" + taps.get(0) + "'/>") && live.contains("<alias name='net0'/>"),
                        live);

                host.connection.domains().detachDevice(uuid, "<interface type='network'><mac address='" + MAC
                        + "'/></interface>", BOTH);
                guestWaitsFor(console, "[ ! -e /sys/class/net/eth0 ]", 2);
                assertEquals(List.of(), host.taps(), "the tap went with the interface");
                assertFalse(host.connection.domains().xml(uuid, true).contains(MAC));
            }
            host.connection.domains().destroy(uuid);
        }
    }

    @Test
    void aKindQemuCannotPlugGoesToTheConfigOnlyAndAShutOffDomainHasNoLiveSide() throws Exception {
        try (QemuTestHost host = QemuTestHost.open()) {
            UUID uuid = host.define("hotother", "").uuid();
            String watchdog = "<watchdog model='i6300esb' action='reset'/>";
            VirtException notRunning = assertThrows(VirtException.class,
                    () -> host.connection.domains().attachDevice(uuid, watchdog, BOTH));
            assertEquals("Requested operation is not valid: domain is not running", notRunning.getMessage());
            assertFalse(host.connection.domains().xml(uuid, true).contains("watchdog"), "nothing half done");

            host.connection.domains().start(uuid);
            VirtException live = assertThrows(VirtException.class,
                    () -> host.connection.domains().attachDevice(uuid, watchdog, BOTH));
            assertEquals(ErrorCode.OPERATION_UNSUPPORTED, live.code());
            assertEquals("Operation not supported: live attach of device 'watchdog' is not supported", live.getMessage());
            assertFalse(host.connection.domains().xml(uuid, true).contains("watchdog"), "nothing half done");

            host.connection.domains().attachDevice(uuid, watchdog, Set.of(DeviceScope.CONFIG));
            assertTrue(host.connection.domains().xml(uuid, true).contains(watchdog));
            assertFalse(host.connection.domains().xml(uuid, false).contains("watchdog"), "after the next shutdown");
            host.connection.domains().detachDevice(uuid, watchdog, Set.of(DeviceScope.CONFIG));
            assertFalse(host.connection.domains().xml(uuid, true).contains("watchdog"));
        }
    }
    /**
     * An {@code <address>} in a hot-plugged device's XML is where the device goes, as libvirt
     * honours it; an address in use, off the buses, past a bus's slots, on a function other than
     * 0, or on a bus without hot-plug (q35's pcie.0) is refused in libvirt's words, and leaves
     * no tap behind.
     */
    @Test
    void aDeviceGoesAtTheAddressItsXmlGivesAndABadOneIsRefusedInLibvirtsWords() throws Exception {
        try (QemuTestHost host = QemuTestHost.open()) {
            Path kernel = IdleGuest.write(host.directory);
            String pc = IdleGuest.xml(kernel, "addrpc", "").replace("</os>", "</os><features><acpi/></features>");
            UUID uuid = host.connection.domains().define(pc).uuid();
            host.connection.domains().start(uuid);
            host.connection.domains().attachDevice(uuid, nicAt("52:54:00:ad:00:01", 0, 0x0a, 0), Set.of(DeviceScope.LIVE));
            QemuRuntime runtime = host.connection.qemuDomains().objects().require(uuid).runtime();
            assertTrue(runtime.process().execute("query-pci", java.time.Duration.ofSeconds(30)).get(0).path("devices")
                    .findValues("qdev_id").stream().anyMatch(id -> id.asText().equals("net0")), "QEMU has net0");
            assertEquals(10, runtime.process().execute("query-pci", java.time.Duration.ofSeconds(30)).get(0)
                    .path("devices").findParents("qdev_id").stream().filter(d -> d.path("qdev_id").asText().equals("net0"))
                    .findFirst().orElseThrow().path("slot").asInt(), "at slot 0x0a");
            assertTrue(host.connection.domains().xml(uuid, false).contains("slot='0x0a'"));

            assertRefused(host, uuid, nicAt("52:54:00:ad:00:02", 0, 0x0a, 0),
                    "XML error: Attempted double use of PCI Address 0000:00:0a.0");
            assertRefused(host, uuid, nicAt("52:54:00:ad:00:02", 0, 0, 0),
                    "XML error: Invalid PCI address 0000:00:00.0. slot must be >= 1");
            assertRefused(host, uuid, nicAt("52:54:00:ad:00:02", 0, 0x0b, 1),
                    "internal error: Only PCI device addresses with function=0 are supported");
            assertRefused(host, uuid, nicAt("52:54:00:ad:00:02", 1, 0, 0),
                    "XML error: Invalid PCI address 0000:01:00.0. Only PCI buses up to 0 are available");
            assertEquals(1, host.taps().size(), "no tap left of the refused plugs: " + host.taps());
            host.connection.domains().destroy(uuid);

            UUID q35 = host.connection.domains().define(IdleGuest.xml(kernel, "addrq35",
                    "<controller type='pci' index='0' model='pcie-root'/>"
                    + "<controller type='pci' model='pcie-root-port'/>".repeat(3))
                    .replace("machine='pc'", "machine='q35'")).uuid();
            host.connection.domains().start(q35);
            // The live XML lists the root bus and the ports as placed, as libvirt's dumpxml does; the definition stays as written.
            String started = host.connection.domains().xml(q35, false);
            assertTrue(started.contains("<controller type='pci' index='0' model='pcie-root'/>"), started);
            assertTrue(started.contains("<controller type='pci' index='1' model='pcie-root-port'>"
                    + "<model name='pcie-root-port'/><target chassis='1' port='0x8'/><address type='pci' domain='0x0000'"
                    + " bus='0x00' slot='0x01' function='0x0' multifunction='on'/></controller>")
                    || started.replaceAll("\\s+<", "<").contains("<controller type='pci' index='1' model='pcie-root-port'>"
                    + "<model name='pcie-root-port'/><target chassis='1' port='0x8'/><address type='pci' domain='0x0000'"
                    + " bus='0x00' slot='0x01' function='0x0' multifunction='on'/></controller>"), started);
            assertFalse(host.connection.domains().xml(q35, true).contains("<address"), "the definition has no addresses");
            assertRefused(host, q35, nicAt("52:54:00:ad:00:03", 0, 0x0a, 0), "XML error: The device at PCI address"
                    + " 0000:00:0a.0 requires hotplug capability, but the PCI controller with index='0' doesn't support hotplug");
            // The spare root port the driver added, the one with nothing behind it.
            int spare = host.connection.qemuDomains().objects().require(q35).runtime().process()
                    .execute("query-pci", java.time.Duration.ofSeconds(30)).get(0).path("devices").findParents("pci_bridge")
                    .stream().filter(d -> d.path("pci_bridge").path("devices").isEmpty())
                    .mapToInt(d -> Integer.parseInt(d.path("qdev_id").asText().substring(4))).min().orElseThrow();
            assertRefused(host, q35, nicAt("52:54:00:ad:00:03", spare, 1, 0),
                    "XML error: Invalid PCI address 0000:0" + spare + ":01.0. slot must be <= 0");
            host.connection.domains().attachDevice(q35, nicAt("52:54:00:ad:00:03", spare, 0, 0), Set.of(DeviceScope.LIVE));
            assertTrue(host.connection.domains().xml(q35, false).contains("<alias name='net0'/>"));
            // A device plugged with no address shows where QEMU put it, behind the next free root port.
            host.connection.domains().attachDevice(q35, QemuTestHost.nic("52:54:00:ad:00:04"), Set.of(DeviceScope.LIVE));
            String live = host.connection.domains().xml(q35, false);
            assertTrue(live.matches("(?s).*52:54:00:ad:00:04.*<alias name='net1'/>\\s*<address type='pci' domain='0x0000'"
                    + " bus='0x0[1-9]' slot='0x00' function='0x0'/>.*"), live);
            host.connection.domains().destroy(q35);
            assertEquals(List.of(), host.taps());
        }
    }

    /**
     * A PCI Express switch (an upstream port behind a root port, two downstream ports) starts in
     * QEMU as libvirt lays it out, the live XML lists it, and hot-plugged devices go behind its
     * downstream ports.
     */
    @Test
    void aSwitchStartsAndItsDownstreamPortsTakeHotPluggedDevices() throws Exception {
        try (QemuTestHost host = QemuTestHost.open()) {
            UUID uuid = host.connection.domains().define(IdleGuest.xml(IdleGuest.write(host.directory), "switch",
                    "<controller type='pci' index='0' model='pcie-root'/>"
                    + "<controller type='pci' index='1' model='pcie-root-port'/>"
                    + "<controller type='pci' index='2' model='pcie-switch-upstream-port'/>"
                    + "<controller type='pci' index='3' model='pcie-switch-downstream-port'/>"
                    + "<controller type='pci' index='4' model='pcie-switch-downstream-port'/>"
                    + "<controller type='usb' model='none'/>").replace("machine='pc'", "machine='q35'")).uuid();
            host.connection.domains().start(uuid);
            String live = host.connection.domains().xml(uuid, false).replaceAll(">\\s+<", "><");
            assertTrue(live.contains("<controller type='pci' index='4' model='pcie-switch-downstream-port'>"
                    + "<model name='xio3130-downstream'/><target chassis='4' port='0x1'/><address type='pci'"
                    + " domain='0x0000' bus='0x02' slot='0x01' function='0x0'/></controller>"), live);
            host.connection.domains().attachDevice(uuid, QemuTestHost.nic("52:54:00:5c:00:01"), Set.of(DeviceScope.LIVE));
            host.connection.domains().attachDevice(uuid, QemuTestHost.nic("52:54:00:5c:00:02"), Set.of(DeviceScope.LIVE));
            String plugged = host.connection.domains().xml(uuid, false);
            assertTrue(plugged.contains("bus='0x03' slot='0x00'") && plugged.contains("bus='0x04' slot='0x00'"), plugged);
            VirtException full = assertThrows(VirtException.class, () -> host.connection.domains().attachDevice(uuid,
                    QemuTestHost.nic("52:54:00:5c:00:03"), Set.of(DeviceScope.LIVE)));
            assertTrue(full.getMessage().contains("no free PCI Express root port"), full.getMessage());
            host.connection.domains().destroy(uuid);
            assertEquals(List.of(), host.taps());
        }
    }

    /** A pc machine's pci-bridge starts in QEMU and takes a device hot-plugged at an address behind it. */
    @Test
    void aPciBridgeStartsAndTakesADevicePluggedAtAnAddressBehindIt() throws Exception {
        try (QemuTestHost host = QemuTestHost.open()) {
            UUID uuid = host.connection.domains().define(IdleGuest.xml(IdleGuest.write(host.directory), "bridged",
                    "<controller type='pci' index='0' model='pci-root'/><controller type='pci' index='1' model='pci-bridge'/>")
                    .replace("</os>", "</os><features><acpi/></features>")).uuid();
            host.connection.domains().start(uuid);
            assertTrue(host.connection.domains().xml(uuid, false).replaceAll(">\\s+<", "><")
                    .contains("<model name='pci-bridge'/><target chassisNr='1'/>"));
            assertRefused(host, uuid, nicAt("52:54:00:b0:00:01", 1, 0, 0),
                    "XML error: Invalid PCI address 0000:01:00.0. slot must be >= 1");
            host.connection.domains().attachDevice(uuid, nicAt("52:54:00:b0:00:01", 1, 3, 0), Set.of(DeviceScope.LIVE));
            QemuRuntime runtime = host.connection.qemuDomains().objects().require(uuid).runtime();
            assertTrue(runtime.process().execute("query-pci", java.time.Duration.ofSeconds(30)).findValues("qdev_id")
                    .stream().anyMatch(id -> id.asText().equals("net0")), "QEMU has net0");
            assertTrue(host.connection.domains().xml(uuid, false).contains("bus='0x01' slot='0x03'"));
            host.connection.domains().destroy(uuid);
            assertEquals(List.of(), host.taps());
        }
    }

    /**
     * A q35 machine's dmi-to-pci-bridge and pcie-to-pci-bridge start in QEMU, placed as libvirt
     * places them (slot 0x1e of pcie.0, and a root port), and a device hot-plugged at an address
     * behind the pcie-to-pci-bridge goes there; the dmi-to-pci-bridge, without hot-plug, is refused.
     */
    @Test
    void q35sPciBridgesStartAndAPcieToPciBridgeTakesADevicePluggedAtAnAddressBehindIt() throws Exception {
        try (QemuTestHost host = QemuTestHost.open()) {
            UUID uuid = host.connection.domains().define(IdleGuest.xml(IdleGuest.write(host.directory), "q35bridged",
                    "<controller type='pci' index='0' model='pcie-root'/>"
                    + "<controller type='pci' index='1' model='dmi-to-pci-bridge'/>"
                    + "<controller type='pci' index='2' model='pcie-root-port'/>"
                    + "<controller type='pci' index='3' model='pcie-to-pci-bridge'/>"
                    + "<controller type='usb' model='none'/>").replace("machine='pc'", "machine='q35'")).uuid();
            host.connection.domains().start(uuid);
            String live = host.connection.domains().xml(uuid, false).replaceAll(">\\s+<", "><");
            assertTrue(live.contains("<model name='i82801b11-bridge'/><address type='pci' domain='0x0000' bus='0x00'"
                    + " slot='0x1e' function='0x0'/>"), live);
            assertTrue(live.contains("<model name='pcie-pci-bridge'/><address type='pci' domain='0x0000' bus='0x02'"
                    + " slot='0x00' function='0x0'/>"), live);
            assertRefused(host, uuid, nicAt("52:54:00:b0:00:02", 1, 3, 0), "XML error: The device at PCI address"
                    + " 0000:01:03.0 requires hotplug capability, but the PCI controller with index='1' doesn't support hotplug");
            host.connection.domains().attachDevice(uuid, nicAt("52:54:00:b0:00:02", 3, 5, 0), Set.of(DeviceScope.LIVE));
            QemuRuntime runtime = host.connection.qemuDomains().objects().require(uuid).runtime();
            assertTrue(runtime.process().execute("query-pci", java.time.Duration.ofSeconds(30)).findValues("qdev_id")
                    .stream().anyMatch(id -> id.asText().equals("net0")), "QEMU has net0");
            assertTrue(host.connection.domains().xml(uuid, false).contains("bus='0x03' slot='0x05'"));
            host.connection.domains().destroy(uuid);
            assertEquals(List.of(), host.taps());
        }
    }

    private static void assertRefused(QemuTestHost host, UUID uuid, String device, String message) {
        VirtException refused = assertThrows(VirtException.class,
                () -> host.connection.domains().attachDevice(uuid, device, Set.of(DeviceScope.LIVE)));
        assertEquals(message, refused.getMessage());
    }

    private static String nicAt(String mac, int bus, int slot, int function) {
        return "<interface type='network'><mac address='" + mac + "'/><source network='" + QemuTestHost.NETWORK
                + "'/><model type='virtio'/><address type='pci' domain='0x0000' bus='0x0" + bus + "' slot='0x"
                + String.format("%02x", slot) + "' function='0x" + function + "'/></interface>";
    }
}
