package org.virtfx.drivers.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.virtfx.core.domain.DomainStats;
import org.virtfx.core.domain.DomainStats.DiskIo;
import org.virtfx.core.domain.DomainStats.InterfaceIo;
import org.virtfx.core.storage.StorageFamily;
import org.virtfx.drivers.qemu.VmLifecycleTest.ConsoleReader;
import org.virtfx.plumbing.netdev.RootTests;

/** The I/O counters the performance graphs read, moved by what a booted guest does. */
@Timeout(120)
class VmStatsTest {
    private static final long MIB = 1024 * 1024;

    @BeforeEach
    void root() {
        RootTests.requireRoot();
    }

    /** Runs a command in the guest's shell and waits for it to finish. */
    private static void run(ConsoleReader console, String command, int n) throws Exception {
        // The shell's arithmetic makes the marker differ from the echoed command line.
        console.type(command + "; echo do$((" + n + "))ne");
        console.await("do" + n + "ne");
    }

    @Test
    void diskReadsAndWritesAndTheGuestsPacketsAreCountedPerDevice() throws Exception {
        try (QemuTestHost host = QemuTestHost.open()) {
            Path image = host.directory.resolve("data.img");
            try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
                file.setLength(16 * MIB);
            }
            UUID uuid = host.define("stats", QemuStoragePoolTest.disk(image.toString(), "raw") + QemuTestHost.nic()
                    + "<interface type='user'><model type='virtio'/></interface>").uuid();
            DomainStats off = host.connection.domains().stats(uuid);
            assertEquals(List.of(), off.disks());
            assertEquals(List.of(), off.interfaces());

            host.connection.domains().start(uuid);
            String tap = host.connection.domains().xml(uuid, false).replaceAll("(?s).*<target dev='(vnet\\d+)'/>.*", "$1");
            try (ConsoleReader console = new ConsoleReader(host.connection.domains().openConsole(uuid))) {
                console.await("# ");
                DomainStats before = host.connection.domains().stats(uuid);
                assertEquals(List.of("vda"), before.disks().stream().map(DiskIo::target).toList());
                assertEquals(List.of(tap), before.interfaces().stream().map(InterfaceIo::device).toList(),
                        "the tap is counted, the user interface has no counters");

                run(console, "dd if=/dev/vda of=/dev/null bs=64k count=128 2>/dev/null", 1);
                run(console, "dd if=/dev/zero of=/dev/vda bs=64k count=32 conv=fsync 2>/dev/null", 2);
                run(console, "ip link set eth0 up; ip addr add 192.0.2.2/24 dev eth0; ping -c 2 -w 2 192.0.2.1 >/dev/null",
                        3);

                DomainStats after = host.connection.domains().stats(uuid);
                DiskIo disk = after.disks().get(0);
                DiskIo was = before.disks().get(0);
                assertTrue(disk.readBytes() - was.readBytes() >= 8 * MIB, "read 8 MiB: " + was + " -> " + disk);
                assertTrue(disk.readRequests() > was.readRequests(), was + " -> " + disk);
                assertTrue(disk.writeBytes() - was.writeBytes() >= 2 * MIB, "wrote 2 MiB: " + was + " -> " + disk);
                assertTrue(disk.writeRequests() > was.writeRequests(), was + " -> " + disk);
                assertEquals(after.diskReadBytes(), disk.readBytes());

                InterfaceIo nic = after.interfaces().get(0);
                InterfaceIo nicBefore = before.interfaces().get(0);
                // Unanswered ARP requests for 192.0.2.1: the guest sends, and receives nothing back.
                assertTrue(nic.txPackets() - nicBefore.txPackets() >= 2, "the guest sent: " + nicBefore + " -> " + nic);
                assertTrue(nic.txBytes() - nicBefore.txBytes() >= 2 * 42, nicBefore + " -> " + nic);
                assertTrue(nic.rxPackets() < nic.txPackets(), "counted as the guest sees them: " + nic);
                assertEquals(after.networkTxBytes(), nic.txBytes());
            }
            host.connection.domains().destroy(uuid);
            assertEquals(List.of(), host.connection.domains().stats(uuid).disks());
        }
    }

    /**
     * A disk that names a pool's volume is counted too, by the volume's file, which QEMU has
     * open; the pool going away later leaves the other figures readable.
     */
    @Test
    void aVolumeDiskIsCountedByTheVolumesFile() throws Exception {
        try (QemuTestHost host = QemuTestHost.open()) {
            StorageFamily storage = host.connection.storage();
            UUID pool = QemuStoragePoolTest.poolWithVolume(host, "statvols", "data.qcow2", 16);
            UUID uuid = host.define("volstats", QemuStoragePoolTest.volumeDisk("statvols", "data.qcow2")).uuid();
            host.connection.domains().start(uuid);
            try (ConsoleReader console = new ConsoleReader(host.connection.domains().openConsole(uuid))) {
                console.await("# ");
                DomainStats before = host.connection.domains().stats(uuid);
                assertEquals(List.of("vda"), before.disks().stream().map(DiskIo::target).toList());
                run(console, "dd if=/dev/vda of=/dev/null bs=64k count=64 2>/dev/null", 1);
                DiskIo disk = host.connection.domains().stats(uuid).disks().get(0);
                assertTrue(disk.readBytes() - before.disks().get(0).readBytes() >= 4 * MIB, "read 4 MiB: " + disk);

                storage.stopPool(pool);
                DomainStats poolGone = host.connection.domains().stats(uuid);
                assertEquals(List.of(), poolGone.disks(), "a volume no longer found is not counted");
            }
            host.connection.domains().destroy(uuid);
            storage.undefinePool(pool);
        }
    }
}
