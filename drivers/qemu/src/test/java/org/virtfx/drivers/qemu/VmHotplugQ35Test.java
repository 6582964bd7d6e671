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
import org.virtfx.core.domain.DeviceScope;
import org.virtfx.core.error.VirtException;
import org.virtfx.drivers.qemu.VmLifecycleTest.ConsoleReader;
import org.virtfx.plumbing.netdev.LinkInfo;
import org.virtfx.plumbing.netdev.RootTests;

/**
 * Hot-plug on a q35 machine, where pcie.0 takes no hot-plugged device: a disk and a network
 * interface must go behind a pcie-root-port, as libvirt puts them, and the guest must see them.
 */
@Timeout(180)
class VmHotplugQ35Test {
    private static final Set<DeviceScope> BOTH = EnumSet.of(DeviceScope.LIVE, DeviceScope.CONFIG);
    private static final String MAC = "52:54:00:aa:bb:35";

    @BeforeEach
    void root() {
        RootTests.requireRoot();
    }

    private static Path image(QemuTestHost host, String name, int mib) throws Exception {
        Path image = host.directory.resolve(name);
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.setLength((long) mib << 20);
        }
        return image;
    }

    private static String disk(Path image, String target) {
        return "<disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='" + image
                + "'/><target dev='" + target + "' bus='virtio'/></disk>";
    }

    /** Starts a q35 guest with {@code devices} and an 8 MiB boot disk, vda. */
    private static UUID startQ35(QemuTestHost host, String name, String devices) throws Exception {
        String xml = QemuTestHost.guestXml(name, devices + disk(image(host, "boot.img", 8), "vda"))
                .replace("machine='pc'", "machine='q35'");
        UUID uuid = host.connection.domains().define(xml).uuid();
        host.connection.domains().start(uuid);
        return uuid;
    }

    /** Runs a shell loop in the guest until it prints the marker (the arithmetic keeps the echo apart). */
    private static void guestWaitsFor(ConsoleReader console, String condition, int n) throws Exception {
        console.type("until " + condition + "; do sleep 0.2; done; echo ok$((" + n + "))ok");
        console.await("ok" + n + "ok");
    }

    @Test
    void aDiskThenAnInterfaceArePluggedIntoAQ35GuestAndSeenByIt() throws Exception {
        try (QemuTestHost host = QemuTestHost.open()) {
            // A boot disk, so that the machine has a root port of its own plus libvirt's spare for hot-plug.
            UUID uuid = startQ35(host, "q35plug", "");
            try (ConsoleReader console = new ConsoleReader(host.connection.domains().openConsole(uuid))) {
                console.await("# ");
                guestWaitsFor(console, "grep -q ' 8192 vda' /proc/partitions", 1);

                host.connection.domains().attachDevice(uuid, disk(image(host, "data.img", 16), "vdb"), BOTH);
                guestWaitsFor(console, "grep -q ' 16384 vdb' /proc/partitions", 2);
                assertTrue(host.connection.domains().xml(uuid, false).contains("<target dev='vdb' bus='virtio'/>"));
                // The one spare root port is taken: a second device is refused, saying why, and nothing is left of it.
                VirtException full = assertThrows(VirtException.class, () -> host.connection.domains().attachDevice(uuid,
                        disk(image(host, "more.img", 4), "vdc"), BOTH));
                assertTrue(full.getMessage().contains("no free PCI Express root port"), full.getMessage());
                assertFalse(host.connection.domains().xml(uuid, false).contains("vdc"));
                host.connection.domains().detachDevice(uuid, "<disk type='file' device='disk'><target dev='vdb'/></disk>",
                        BOTH);
                guestWaitsFor(console, "! grep -q vdb /proc/partitions", 3);

                host.connection.domains().attachDevice(uuid, "<interface type='network'><mac address='" + MAC
                        + "'/><source network='" + QemuTestHost.NETWORK + "'/><model type='virtio'/></interface>", BOTH);
                guestWaitsFor(console, "grep -q " + MAC + " /sys/class/net/eth0/address", 4);
                assertEquals(1, host.taps().size(), "one tap made: " + host.taps().stream().map(LinkInfo::name).toList());
                host.connection.domains().detachDevice(uuid, "<interface type='network'><mac address='" + MAC
                        + "'/></interface>", BOTH);
                guestWaitsFor(console, "[ ! -e /sys/class/net/eth0 ]", 5);
                assertEquals(List.of(), host.taps(), "the tap went with the interface");
                assertFalse(host.connection.domains().xml(uuid, true).contains(MAC));
            }
        }
    }

    /**
     * virt-install writes a q35 machine with pcie-root-ports of its own (14 by default) so that
     * the user can hot-plug several devices: here two disks and a NIC go in one after another,
     * each behind a free port, skipping the one the XML closes to hot-plug.
     */
    @Test
    void explicitRootPortsTakeSeveralHotPluggedDevicesInARow() throws Exception {
        try (QemuTestHost host = QemuTestHost.open()) {
            String ports = "<controller type='pci' index='0' model='pcie-root'/>"
                    + "<controller type='pci' index='1' model='pcie-root-port'/>"
                    + "<controller type='pci' index='2' model='pcie-root-port'><target hotplug='off'/></controller>"
                    + "<controller type='pci' index='3' model='pcie-root-port'/>"
                    + "<controller type='pci' index='4' model='pcie-root-port'/>"
                    + "<controller type='pci' index='5' model='pcie-root-port'/>"
                    + "<controller type='usb' model='none'/>";
            // The boot disk takes port 1; port 2 stays empty but closed to hot-plug; 3, 4 and 5 are free.
            UUID uuid = startQ35(host, "q35ports", ports);
            try (ConsoleReader console = new ConsoleReader(host.connection.domains().openConsole(uuid))) {
                console.await("# ");
                guestWaitsFor(console, "grep -q ' 8192 vda' /proc/partitions", 1);
                host.connection.domains().attachDevice(uuid, disk(image(host, "one.img", 16), "vdb"), BOTH);
                host.connection.domains().attachDevice(uuid, disk(image(host, "two.img", 4), "vdc"), BOTH);
                host.connection.domains().attachDevice(uuid, "<interface type='network'><mac address='" + MAC
                        + "'/><source network='" + QemuTestHost.NETWORK + "'/><model type='virtio'/></interface>", BOTH);
                guestWaitsFor(console, "grep -q ' 16384 vdb' /proc/partitions", 2);
                guestWaitsFor(console, "grep -q ' 4096 vdc' /proc/partitions", 3);
                guestWaitsFor(console, "grep -q " + MAC + " /sys/class/net/eth0/address", 4);
                // Every port open to hot-plug now holds a device: one more is refused, saying why.
                VirtException full = assertThrows(VirtException.class, () -> host.connection.domains().attachDevice(uuid,
                        disk(image(host, "three.img", 4), "vdd"), BOTH));
                assertTrue(full.getMessage().contains("no free PCI Express root port"), full.getMessage());
                String live = host.connection.domains().xml(uuid, false);
                assertTrue(live.contains("<target dev='vdb' bus='virtio'/>") && live.contains("<target dev='vdc' bus='virtio'/>"),
                        live);
            }
        }
    }
}
