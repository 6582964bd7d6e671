package org.virtfx.drivers.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.storage.StorageFamily;
import org.virtfx.core.storage.VolumeSummary;
import org.virtfx.drivers.qemu.VmLifecycleTest.ConsoleReader;
import org.virtfx.plumbing.netdev.RootTests;

/** A QEMU connection's directory pools, with a volume the guest boots with as its virtio disk. */
@Timeout(180)
class QemuStoragePoolTest {
    private static final long MIB = 1024 * 1024;

    @BeforeEach
    void root() {
        RootTests.requireRoot();
    }

    static String disk(String path, String format) {
        return "<disk type='file' device='disk'><driver name='qemu' type='" + format + "'/><source file='" + path
                + "'/><target dev='vda' bus='virtio'/></disk>";
    }

    /** The guest's own view of its disk's size, in 512-byte sectors. */
    private static long sectorsSeenByGuest(QemuTestHost host, UUID uuid) throws Exception {
        host.connection.domains().start(uuid);
        try (ConsoleReader console = new ConsoleReader(host.connection.domains().openConsole(uuid))) {
            console.await("# ");
            // The shell's arithmetic makes the answer differ from the echoed command line.
            console.type("echo sec$((1))tors $(cat /sys/block/vda/size) end");
            console.await("sec1tors ");
            console.await(" end");
            java.util.regex.Matcher answer = java.util.regex.Pattern.compile("sec1tors (\\d+) end").matcher(console.text());
            assertTrue(answer.find(), console.text());
            host.connection.domains().destroy(uuid);
            return Long.parseLong(answer.group(1));
        }
    }

    @Test
    void aPoolVolumeIsMadeListedResizedAndDeletedAndTheGuestSeesItsSize() throws Exception {
        try (QemuTestHost host = QemuTestHost.open()) {
            StorageFamily storage = host.connection.storage();
            Path images = host.directory.resolve("images");
            UUID pool = storage.definePool("<pool type='dir'><name>images</name><target><path>" + images
                    + "</path></target></pool>").uuid();
            storage.startPool(pool, true);
            VolumeSummary made = storage.createVolume(pool, "<volume><name>disk.qcow2</name><capacity unit='MiB'>64"
                    + "</capacity><target><format type='qcow2'/></target></volume>");
            Path file = images.resolve("disk.qcow2");
            assertEquals(file.toString(), made.path());
            assertEquals(List.of("disk.qcow2"), storage.listVolumes(pool).stream().map(VolumeSummary::name).toList());
            assertEquals(64 * MIB, storage.listVolumes(pool).get(0).capacity());

            UUID vm = host.define("pooled", disk(made.path(), "qcow2")).uuid();
            assertEquals(64 * MIB / 512, sectorsSeenByGuest(host, vm));

            storage.resizeVolume(pool, "disk.qcow2", 128 * MIB, false);
            assertEquals(128 * MIB, storage.lookupVolume(pool, "disk.qcow2").capacity());
            assertEquals(128 * MIB / 512, sectorsSeenByGuest(host, vm), "the guest boots with the grown disk");

            storage.deleteVolume(pool, "disk.qcow2");
            assertEquals(List.of(), storage.listVolumes(pool));
            assertFalse(Files.exists(file));
            VirtException gone = assertThrows(VirtException.class, () -> host.connection.domains().start(vm));
            assertTrue(gone.getMessage().contains(file.toString()), gone.getMessage());
            assertFalse(host.connection.domains().byUuid(vm).orElseThrow().isActive());

            storage.stopPool(pool);
            storage.undefinePool(pool);
            assertFalse(Files.exists(host.directory.resolve("etc/storage/images.xml")));
        }
    }

    /** A running directory pool {@code name} in the host's folder, with an empty qcow2 volume of {@code mib} MiB. */
    static UUID poolWithVolume(QemuTestHost host, String name, String volume, int mib) {
        StorageFamily storage = host.connection.storage();
        UUID pool = storage.definePool("<pool type='dir'><name>" + name + "</name><target><path>"
                + host.directory.resolve(name) + "</path></target></pool>").uuid();
        storage.startPool(pool, true);
        storage.createVolume(pool, "<volume><name>" + volume + "</name><capacity unit='MiB'>" + mib + "</capacity>"
                + "<target><format type='qcow2'/></target></volume>");
        return pool;
    }

    static String volumeDisk(String pool, String volume) {
        return "<disk type='volume' device='disk'><driver name='qemu' type='qcow2'/><source pool='" + pool
                + "' volume='" + volume + "'/><target dev='vda' bus='virtio'/></disk>";
    }

    @Test
    void aDiskNamingAPoolVolumeBootsFromItAndAMissingPoolOrVolumeIsNamed() throws Exception {
        try (QemuTestHost host = QemuTestHost.open()) {
            StorageFamily storage = host.connection.storage();
            UUID pool = poolWithVolume(host, "vols", "boot.qcow2", 64);

            UUID vm = host.define("by-volume", volumeDisk("vols", "boot.qcow2")).uuid();
            assertEquals(64 * MIB / 512, sectorsSeenByGuest(host, vm));
            assertTrue(host.connection.domains().xml(vm, true).contains("<source pool='vols' volume='boot.qcow2'/>"),
                    "the definition keeps naming the volume");

            // libvirt resolves volumes at start, so these define and fail to start, naming what is missing.
            UUID noVolume = host.define("no-volume", volumeDisk("vols", "nosuch.qcow2")).uuid();
            VirtException missing = assertThrows(VirtException.class, () -> host.connection.domains().start(noVolume));
            assertEquals("Storage volume not found: no storage vol with matching name 'nosuch.qcow2'",
                    missing.getMessage());
            UUID noPool = host.define("no-pool", volumeDisk("nopool", "boot.qcow2")).uuid();
            VirtException nopool = assertThrows(VirtException.class, () -> host.connection.domains().start(noPool));
            assertEquals("Storage pool not found: no storage pool with matching name 'nopool'", nopool.getMessage());
            storage.stopPool(pool);
            VirtException inactive = assertThrows(VirtException.class, () -> host.connection.domains().start(vm));
            assertEquals("Requested operation is not valid: storage pool 'vols' containing volume 'boot.qcow2'"
                    + " is not active", inactive.getMessage());
            for (UUID uuid : List.of(vm, noVolume, noPool)) {
                assertFalse(host.connection.domains().byUuid(uuid).orElseThrow().isActive());
            }
            VirtException half = assertThrows(VirtException.class, () -> host.define("half",
                    "<disk type='volume' device='disk'><source pool='vols'/><target dev='vda' bus='virtio'/></disk>"));
            assertEquals("XML error: 'pool' and 'volume' must be specified together for 'pool' type source",
                    half.getMessage());
        }
    }

    @Test
    void poolsAndTheirRunningStateOutliveTheConnectionsState() {
        try (QemuTestHost host = QemuTestHost.open()) {
            Path images = host.directory.resolve("kept");
            UUID pool = host.connection.storage().definePool("<pool type='dir'><name>kept</name><target><path>" + images
                    + "</path></target></pool>").uuid();
            host.connection.storage().startPool(pool, true);
            host.connection.storage().createVolume(pool, "<volume><name>a.raw</name><capacity unit='MiB'>1</capacity>"
                    + "<target><format type='raw'/></target></volume>");
            try (QemuConnection again = new QemuConnection(host.connection.uri(),
                    QemuTestHost.config(host.directory, host.namespace), StartProbe.NONE)) {
                assertTrue(again.storage().lookupPool("kept").active());
                assertEquals("a.raw", again.storage().listVolumes(pool).get(0).name());
            }
        }
    }
}
