package org.virtfx.plumbing.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.event.EventBus;
import org.virtfx.core.event.PoolEvent;
import org.virtfx.core.storage.PoolSummary;
import org.virtfx.core.storage.VolumeSummary;
import org.virtfx.core.xml.SchemaValidator;
import org.virtfx.plumbing.process.HostProcess;

/** Directory pools against real directories and Debian's qemu-img. */
class DirectoryPoolsTest {
    private static final long MIB = 1024L * 1024;
    private static final long GIB = 1024 * MIB;

    @TempDir
    Path config;
    @TempDir
    Path state;
    @TempDir
    Path work;
    private Path images;
    private final EventBus events = new EventBus();
    private final List<PoolEvent> published = new CopyOnWriteArrayList<>();
    private DirectoryPools storage;

    @BeforeEach
    void open() {
        images = work.resolve("images");
        events.subscribe(event -> published.add((PoolEvent) event));
        storage = new DirectoryPools(config, state, events);
    }

    private UUID startedPool() {
        UUID uuid = storage.definePool(pool("images", images.toString())).uuid();
        storage.startPool(uuid, true);
        return uuid;
    }

    private static String pool(String name, String path) {
        return "<pool type='dir'><name>" + name + "</name><target><path>" + path + "</path></target></pool>";
    }

    private static String volume(String name, String format, long capacity, long allocation) {
        return "<volume><name>" + name + "</name><capacity unit='bytes'>" + capacity + "</capacity>"
                + "<allocation unit='bytes'>" + allocation + "</allocation><target><format type='" + format
                + "'/></target></volume>";
    }

    /** What the file takes on disk, from stat(1) rather than from the code under test. */
    private static long blocksOnDisk(Path file) {
        return Long.parseLong(run("stat", "-c", "%b", file.toString()).strip()) * 512;
    }

    private static String run(String... command) {
        HostProcess.Result result = HostProcess.run(List.of(command), null);
        assertTrue(result.ok(), String.join(" ", command) + ": " + result.stderr());
        return result.stdout();
    }

    private static VirtException refused(ErrorCode code, org.junit.jupiter.api.function.Executable call) {
        VirtException e = assertThrows(VirtException.class, call);
        assertEquals(code, e.code(), e.getMessage());
        return e;
    }

    @Test
    void startWithBuildMakesTheDirectoryWithLibvirtsMode() throws IOException {
        UUID uuid = startedPool();
        assertTrue(Files.isDirectory(images));
        assertEquals("rwx--x--x", PosixFilePermissions.toString(Files.getPosixFilePermissions(images)));
        PoolSummary summary = storage.lookupPool("images");
        assertTrue(summary.active());
        assertEquals("dir", summary.type());
        assertEquals(List.of(), storage.listVolumes(uuid));
    }

    @Test
    void createsQcow2AndRawVolumesWithTheirCapacityAndRealAllocation() throws IOException {
        UUID uuid = startedPool();
        VolumeSummary qcow2 = storage.createVolume(uuid, volume("disk.qcow2", "qcow2", GIB, 0));
        VolumeSummary sparse = storage.createVolume(uuid, volume("sparse.img", "raw", 64 * MIB, 0));
        VolumeSummary reserved = storage.createVolume(uuid, volume("reserved.img", "raw", 64 * MIB, 8 * MIB));

        Path disk = images.resolve("disk.qcow2");
        assertEquals(disk.toString(), qcow2.key());
        assertEquals(disk.toString(), qcow2.path());
        assertEquals("qcow2", qcow2.format());
        assertEquals(GIB, qcow2.capacity());
        assertEquals(blocksOnDisk(disk), qcow2.allocation());
        assertTrue(run("qemu-img", "info", disk.toString()).contains("file format: qcow2"));

        assertEquals("raw", sparse.format());
        assertEquals(64 * MIB, sparse.capacity());
        // qemu-img writes a raw image's first block so that later opens can probe its alignment.
        assertEquals(blocksOnDisk(images.resolve("sparse.img")), sparse.allocation());
        assertTrue(sparse.allocation() <= 64 * 1024, "sparse: " + sparse.allocation());
        assertEquals(64 * MIB, Files.size(images.resolve("sparse.img")));
        assertEquals(8 * MIB, reserved.allocation());
        assertEquals(blocksOnDisk(images.resolve("reserved.img")), reserved.allocation());

        // libvirt's default mode for new volumes
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(disk)));
        assertEquals(List.of("disk.qcow2", "reserved.img", "sparse.img"),
                storage.listVolumes(uuid).stream().map(VolumeSummary::name).toList());
    }

    @Test
    void rawVolumeWithoutAllocationIsFullyAllocatedAsInLibvirt() {
        UUID uuid = startedPool();
        VolumeSummary full = storage.createVolume(uuid, "<volume><name>full.img</name>"
                + "<capacity unit='MiB'>4</capacity></volume>");
        assertEquals(4 * MIB, full.capacity());
        assertEquals(4 * MIB, full.allocation());
    }

    @Test
    void volumeInfoAndXmlReadTheFileAsItIsNow() throws IOException {
        UUID uuid = startedPool();
        storage.createVolume(uuid, volume("grows.img", "raw", 16 * MIB, 0));
        try (RandomAccessFile file = new RandomAccessFile(images.resolve("grows.img").toFile(), "rw")) {
            file.seek(MIB);
            file.write(new byte[(int) MIB]);
            file.getFD().sync();
        }
        VolumeSummary info = storage.lookupVolume(uuid, "grows.img");
        long onDisk = blocksOnDisk(images.resolve("grows.img"));
        assertEquals(onDisk, info.allocation());
        assertTrue(onDisk >= MIB && onDisk <= MIB + 64 * 1024, "written: " + onDisk);
        assertTrue(storage.volumeXml(uuid, "grows.img").contains("<allocation unit='bytes'>" + onDisk + "</allocation>"));
    }

    @Test
    void volumeXmlIsLibvirtsForADirectoryPool() {
        UUID uuid = startedPool();
        storage.createVolume(uuid, "<volume><name>base.qcow2</name><capacity unit='GiB'>2</capacity>"
                + "<allocation>0</allocation><target><format type='qcow2'/><compat>1.1</compat>"
                + "<features><lazy_refcounts/></features><permissions><mode>0640</mode></permissions></target></volume>");
        String xml = storage.volumeXml(uuid, "base.qcow2");
        Path path = images.resolve("base.qcow2");
        assertEquals(List.of(), new SchemaValidator().problems(SchemaValidator.Kind.VOLUME, xml), xml);
        assertTrue(xml.startsWith("<volume type='file'>\n  <name>base.qcow2</name>\n  <key>" + path + "</key>\n"
                + "  <capacity unit='bytes'>" + 2 * GIB + "</capacity>\n  <allocation unit='bytes'>"), xml);
        assertTrue(xml.contains("    <path>" + path + "</path>\n    <format type='qcow2'/>\n    <permissions>\n"
                + "      <mode>0640</mode>\n      <owner>0</owner>\n      <group>0</group>\n    </permissions>\n"
                + "    <timestamps>\n      <atime>"), xml);
        assertTrue(xml.contains("    <compat>1.1</compat>\n    <clusterSize unit='B'>65536</clusterSize>\n"
                + "    <features>\n      <lazy_refcounts/>\n    </features>\n  </target>\n</volume>\n"), xml);
        assertTrue(xml.contains("<physical unit='bytes'>"), xml);
    }

    @Test
    void qcow2WithoutCompatIsLibvirtsDefaultLevel() {
        UUID uuid = startedPool();
        storage.createVolume(uuid, volume("old.qcow2", "qcow2", GIB, 0));
        String xml = storage.volumeXml(uuid, "old.qcow2");
        assertTrue(xml.contains("<compat>0.10</compat>"), xml);
        assertFalse(xml.contains("<features"), xml);
    }

    @Test
    void overlayHasItsBackingStore() {
        UUID uuid = startedPool();
        storage.createVolume(uuid, volume("base.qcow2", "qcow2", GIB, 0));
        Path base = images.resolve("base.qcow2");
        VolumeSummary overlay = storage.createVolume(uuid, "<volume><name>overlay.qcow2</name>"
                + "<target><format type='qcow2'/></target><backingStore><path>" + base + "</path></backingStore></volume>");
        assertEquals(GIB, overlay.capacity(), "the size of its backing file");
        String xml = storage.volumeXml(uuid, "overlay.qcow2");
        assertTrue(xml.contains("  <backingStore>\n    <path>" + base + "</path>\n    <format type='qcow2'/>\n"
                + "  </backingStore>\n"), xml);
        assertEquals(List.of(), new SchemaValidator().problems(SchemaValidator.Kind.VOLUME, xml), xml);
    }

    @Test
    void resizeGrowsAndShrinksOnlyWithTheFlag() {
        UUID uuid = startedPool();
        storage.createVolume(uuid, volume("disk.qcow2", "qcow2", GIB, 0));
        storage.createVolume(uuid, volume("disk.img", "raw", 64 * MIB, 0));

        storage.resizeVolume(uuid, "disk.qcow2", 3 * GIB, false);
        assertEquals(3 * GIB, storage.lookupVolume(uuid, "disk.qcow2").capacity());
        assertTrue(run("qemu-img", "info", images.resolve("disk.qcow2").toString()).contains("virtual size: 3 GiB"));

        VirtException shrink = refused(ErrorCode.INVALID_ARG, () -> storage.resizeVolume(uuid, "disk.qcow2", GIB, false));
        assertEquals("invalid argument: Can't shrink capacity below current capacity unless shrink flag explicitly "
                + "specified", shrink.getMessage());
        assertEquals(3 * GIB, storage.lookupVolume(uuid, "disk.qcow2").capacity());

        storage.resizeVolume(uuid, "disk.qcow2", GIB, true);
        assertEquals(GIB, storage.lookupVolume(uuid, "disk.qcow2").capacity());
        storage.resizeVolume(uuid, "disk.img", 32 * MIB, true);
        assertEquals(32 * MIB, storage.listVolumes(uuid).stream().filter(v -> v.name().equals("disk.img"))
                .findFirst().orElseThrow().capacity());
    }

    @Test
    void cloneCopiesTheContentIntoTheNewFormat() throws IOException {
        UUID uuid = startedPool();
        storage.createVolume(uuid, volume("source.img", "raw", 32 * MIB, 0));
        Path source = images.resolve("source.img");
        try (RandomAccessFile file = new RandomAccessFile(source.toFile(), "rw")) {
            file.seek(5 * MIB);
            file.write("a guest's data".getBytes(StandardCharsets.US_ASCII));
        }
        VolumeSummary copy = storage.cloneVolume(uuid, "<volume><name>copy.qcow2</name><capacity>0</capacity>"
                + "<target><format type='qcow2'/></target></volume>", uuid, "source.img");
        assertEquals("qcow2", copy.format());
        assertEquals(32 * MIB, copy.capacity(), "a smaller capacity than the source's is raised to it");
        run("qemu-img", "compare", source.toString(), images.resolve("copy.qcow2").toString());

        VolumeSummary bigger = storage.cloneVolume(uuid, "<volume><name>bigger.img</name><capacity unit='MiB'>48"
                + "</capacity><allocation>0</allocation></volume>", uuid, "copy.qcow2");
        assertEquals("raw", bigger.format());
        assertEquals(48 * MIB, bigger.capacity());
        assertTrue(bigger.allocation() < MIB, "zeroes are not copied: " + bigger.allocation());
        assertTrue(run("qemu-img", "compare", source.toString(), images.resolve("bigger.img").toString())
                .contains("Images are identical"));
    }

    @Test
    void cloneFromAnotherPool() {
        UUID first = startedPool();
        UUID second = storage.definePool(pool("other", work.resolve("other").toString())).uuid();
        storage.startPool(second, true);
        storage.createVolume(first, volume("source.qcow2", "qcow2", 16 * MIB, 0));
        VolumeSummary copy = storage.cloneVolume(second, "<volume><name>copy.qcow2</name><target>"
                + "<format type='qcow2'/></target></volume>", first, "source.qcow2");
        assertEquals(work.resolve("other").resolve("copy.qcow2").toString(), copy.path());
        assertEquals(16 * MIB, copy.capacity());
    }

    @Test
    void deleteRemovesTheFile() {
        UUID uuid = startedPool();
        storage.createVolume(uuid, volume("gone.qcow2", "qcow2", GIB, 0));
        storage.deleteVolume(uuid, "gone.qcow2");
        assertFalse(Files.exists(images.resolve("gone.qcow2")));
        assertEquals(List.of(), storage.listVolumes(uuid));
        VirtException again = refused(ErrorCode.NO_STORAGE_VOL, () -> storage.deleteVolume(uuid, "gone.qcow2"));
        assertEquals("Storage volume not found: no storage vol with matching name 'gone.qcow2'", again.getMessage());
    }

    /** statvfs(2) of a path as stat(1) reads it: block size, blocks, free blocks, blocks available. */
    private static long[] statvfs(Path path) {
        String[] fields = run("stat", "-f", "-c", "%S %b %f %a", path.toString()).strip().split(" ");
        long size = Long.parseLong(fields[0]);
        long blocks = Long.parseLong(fields[1]);
        long free = Long.parseLong(fields[2]);
        long available = Long.parseLong(fields[3]);
        return new long[] {size * blocks, size * (blocks - free), size * available};
    }

    @Test
    void poolSizesAreTheFileSystemsStatvfs() {
        UUID uuid = startedPool();
        // Other processes write to the same file system: retry until two readings around ours agree.
        for (int attempt = 0; attempt < 20; attempt++) {
            long[] before = statvfs(images);
            PoolSummary summary = storage.lookupPool("images");
            String xml = storage.poolXml(uuid, false);
            long[] after = statvfs(images);
            if (java.util.Arrays.equals(before, after)) {
                assertEquals(before[0], summary.capacity());
                assertEquals(before[1], summary.allocation());
                assertEquals(before[2], summary.available());
                assertTrue(xml.contains("  <capacity unit='bytes'>" + before[0] + "</capacity>\n"
                        + "  <allocation unit='bytes'>" + before[1] + "</allocation>\n"
                        + "  <available unit='bytes'>" + before[2] + "</available>\n"), xml);
                return;
            }
        }
        throw new AssertionError("the file system never held still for two readings");
    }

    @Test
    void poolXmlIsLibvirtsWithTheDirectorysPermissions() {
        UUID uuid = startedPool();
        String xml = storage.poolXml(uuid, false);
        assertEquals(List.of(), new SchemaValidator().problems(SchemaValidator.Kind.POOL, xml), xml);
        assertTrue(xml.startsWith("<pool type='dir'>\n  <name>images</name>\n  <uuid>" + uuid + "</uuid>\n"
                + "  <capacity unit='bytes'>"), xml);
        assertTrue(xml.contains("  <source>\n  </source>\n  <target>\n    <path>" + images + "</path>\n"
                + "    <permissions>\n      <mode>0711</mode>\n      <owner>0</owner>\n      <group>0</group>\n"
                + "    </permissions>\n  </target>\n</pool>\n"), xml);
        storage.stopPool(uuid);
        String inactive = storage.poolXml(uuid, false);
        assertTrue(inactive.contains("<capacity unit='bytes'>0</capacity>"), inactive);
        assertFalse(inactive.contains("<permissions>"), inactive);
    }

    @Test
    void sparseVolumesOf45GiBReportTheirRealAllocation() {
        UUID uuid = startedPool();
        long before = storage.lookupPool("images").available();
        for (int i = 0; i < 9; i++) {
            String format = i % 2 == 0 ? "qcow2" : "raw";
            storage.createVolume(uuid, volume("sparse" + i + "." + format, format, 5 * GIB, 0));
        }
        List<VolumeSummary> volumes = storage.listVolumes(uuid);
        assertEquals(45 * GIB, volumes.stream().mapToLong(VolumeSummary::capacity).sum());
        long allocated = 0;
        for (VolumeSummary volume : volumes) {
            assertEquals(blocksOnDisk(Path.of(volume.path())), volume.allocation(), volume.name());
            allocated += volume.allocation();
        }
        assertTrue(allocated < 5 * MIB, "nine sparse volumes hold " + allocated + " bytes");
        long after = storage.lookupPool("images").available();
        // The pool's free space fell by what the files hold, not by their 45 GiB (other
        // processes share the file system, hence the margin).
        assertTrue(before - after < GIB, "available fell from " + before + " to " + after);
    }

    @Test
    void eventsArePublishedAfterTheLockIsReleased() throws Exception {
        // A listener that asks the driver from another thread would wait forever under the lock.
        events.subscribe(event -> {
            CompletableFuture<List<PoolSummary>> other = CompletableFuture.supplyAsync(storage::listPools);
            try {
                other.get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("the driver's lock was held while publishing " + event, e);
            }
        });
        UUID uuid = startedPool();
        storage.createVolume(uuid, volume("a.qcow2", "qcow2", GIB, 0));
        storage.resizeVolume(uuid, "a.qcow2", 2 * GIB, false);
        storage.deleteVolume(uuid, "a.qcow2");
        storage.refreshPool(uuid);
        storage.stopPool(uuid);
        storage.undefinePool(uuid);
        assertEquals(List.of(PoolEvent.Type.DEFINED, PoolEvent.Type.STARTED, PoolEvent.Type.REFRESHED,
                PoolEvent.Type.REFRESHED, PoolEvent.Type.REFRESHED, PoolEvent.Type.REFRESHED, PoolEvent.Type.STOPPED,
                PoolEvent.Type.UNDEFINED), published.stream().map(PoolEvent::type).toList());
        assertTrue(published.stream().allMatch(e -> e.pool().uuid().equals(uuid)));
        assertTrue(published.get(1).pool().active());
        assertFalse(published.get(6).pool().active());
    }

    @Test
    void poolsAndTheirStateSurviveANewInstance() {
        UUID uuid = startedPool();
        storage.setPoolAutostart(uuid, true);
        storage.createVolume(uuid, volume("kept.qcow2", "qcow2", GIB, 0));
        UUID stopped = storage.definePool(pool("stopped", work.resolve("stopped").toString())).uuid();
        assertTrue(Files.exists(config.resolve("images.xml")));
        assertTrue(Files.exists(state.resolve("images.xml")));

        DirectoryPools again = new DirectoryPools(config, state, new EventBus());
        PoolSummary images = again.lookupPool(uuid.toString());
        assertTrue(images.active());
        assertTrue(images.autostart());
        assertEquals(List.of("kept.qcow2"), again.listVolumes(uuid).stream().map(VolumeSummary::name).toList());
        assertFalse(again.lookupPool("stopped").active());

        again.stopPool(uuid);
        again.undefinePool(stopped);
        DirectoryPools third = new DirectoryPools(config, state, new EventBus());
        assertFalse(third.lookupPool("images").active());
        assertEquals(List.of("images"), third.listPools().stream().map(PoolSummary::name).toList());
        assertEquals(List.of(), third.autostart());
        assertTrue(third.lookupPool("images").active(), "autostart starts it");
    }

    @Test
    void aRunningPoolWhoseDirectoryIsGoneIsStoppedOnLoad() throws IOException {
        UUID uuid = startedPool();
        Files.delete(images);
        DirectoryPools again = new DirectoryPools(config, state, new EventBus());
        assertFalse(again.lookupPool(uuid.toString()).active());
        assertFalse(Files.exists(state.resolve("images.xml")));
    }

    @Test
    void refreshFindsFilesAddedBehindItsBackAndIsoImages() throws IOException {
        UUID uuid = startedPool();
        Path iso = images.resolve("debian.iso");
        try (RandomAccessFile file = new RandomAccessFile(iso.toFile(), "rw")) {
            file.setLength(64 * 1024);
            file.seek(32769);
            file.write("CD001".getBytes(StandardCharsets.US_ASCII));
        }
        Files.createDirectory(images.resolve("not-a-volume"));
        storage.refreshPool(uuid);
        List<VolumeSummary> volumes = storage.listVolumes(uuid);
        assertEquals(1, volumes.size());
        assertEquals("iso", volumes.get(0).format());
        assertEquals(64 * 1024, volumes.get(0).capacity());

        Files.delete(iso);
        refused(ErrorCode.NO_STORAGE_VOL, () -> storage.lookupVolume(uuid, "debian.iso"));
        storage.refreshPool(uuid);
        assertEquals(List.of(), storage.listVolumes(uuid));
    }

    @Test
    void badPoolDefinitionsAreRefused() {
        VirtException relative = refused(ErrorCode.XML_ERROR, () -> storage.definePool(pool("rel", "images")));
        assertEquals("XML error: storage pool target path 'images' must be an absolute path", relative.getMessage());
        refused(ErrorCode.XML_ERROR, () -> storage.definePool("<pool type='dir'><name>nopath</name></pool>"));
        refused(ErrorCode.CONFIG_UNSUPPORTED, () -> storage.definePool(
                "<pool type='logical'><name>vg</name><target><path>/dev/vg</path></target></pool>"));
        refused(ErrorCode.XML_ERROR, () -> storage.definePool(pool("a/b", images.toString())));

        UUID uuid = storage.definePool(pool("images", images.toString())).uuid();
        VirtException sameName = refused(ErrorCode.OPERATION_FAILED, () -> storage.definePool(
                "<pool type='dir'><name>images</name><uuid>" + UUID.randomUUID() + "</uuid><target><path>/srv/x"
                        + "</path></target></pool>"));
        assertTrue(sameName.getMessage().startsWith("operation failed: pool 'images' already exists with uuid "),
                sameName.getMessage());
        VirtException samePath = refused(ErrorCode.OPERATION_FAILED, () -> storage.definePool(pool("again",
                images + "/")));
        assertEquals("operation failed: Storage source conflict with pool: 'images'", samePath.getMessage());

        VirtException notBuilt = refused(ErrorCode.SYSTEM_ERROR, () -> storage.startPool(uuid));
        assertEquals("cannot open directory '" + images + "': No such file or directory", notBuilt.getMessage());
        assertFalse(storage.lookupPool("images").active());
        assertFalse(Files.exists(state.resolve("images.xml")));
        VirtException inactive = refused(ErrorCode.OPERATION_INVALID, () -> storage.listVolumes(uuid));
        assertEquals("Requested operation is not valid: storage pool 'images' is not active", inactive.getMessage());
        storage.startPool(uuid, true);
        VirtException active = refused(ErrorCode.OPERATION_INVALID, () -> storage.undefinePool(uuid));
        assertEquals("Requested operation is not valid: storage pool 'images' is still active", active.getMessage());
    }

    @Test
    void badVolumesAreRefusedAndLeaveNothingBehind() throws IOException {
        UUID uuid = startedPool();
        VirtException slash = refused(ErrorCode.OPERATION_INVALID, () -> storage.createVolume(uuid,
                volume("../escape.img", "raw", MIB, 0)));
        assertEquals("Requested operation is not valid: volume name '../escape.img' cannot contain '/'",
                slash.getMessage());
        VirtException format = refused(ErrorCode.CONFIG_UNSUPPORTED, () -> storage.createVolume(uuid,
                volume("disk", "qcow3", MIB, 0)));
        assertEquals("unsupported configuration: unknown volume format type qcow3", format.getMessage());
        refused(ErrorCode.CONFIG_UNSUPPORTED, () -> storage.createVolume(uuid, volume("disk.vmdk", "vmdk", MIB, 0)));
        refused(ErrorCode.XML_ERROR, () -> storage.createVolume(uuid, "<volume><name>nocap</name></volume>"));

        long available = storage.lookupPool("images").available();
        VirtException space = refused(ErrorCode.OPERATION_FAILED, () -> storage.createVolume(uuid,
                volume("huge.qcow2", "qcow2", available + GIB, 0)));
        assertTrue(space.getMessage().startsWith("operation failed: Not enough space left in storage pool 'images'"),
                space.getMessage());

        storage.createVolume(uuid, volume("once.qcow2", "qcow2", MIB, 0));
        VirtException twice = refused(ErrorCode.OPERATION_FAILED, () -> storage.createVolume(uuid,
                volume("once.qcow2", "qcow2", MIB, 0)));
        assertEquals("storage volume 'once.qcow2' exists already", twice.getMessage());
        VirtException grow = refused(ErrorCode.OPERATION_FAILED, () -> storage.resizeVolume(uuid, "once.qcow2",
                available + 2 * GIB, false));
        assertTrue(grow.getMessage().startsWith("operation failed: Not enough space left in storage pool 'images'"));

        // qemu-img's own refusal, with its words, and no file left behind
        VirtException qemuImg = refused(ErrorCode.OPERATION_FAILED, () -> storage.createVolume(uuid,
                "<volume><name>odd.qcow2</name><capacity>1048576</capacity><target><format type='qcow2'/>"
                        + "<clusterSize unit='B'>1000</clusterSize></target></volume>"));
        assertTrue(qemuImg.getMessage().startsWith("operation failed: cannot create volume 'odd.qcow2': qemu-img: "),
                qemuImg.getMessage());
        assertTrue(qemuImg.getMessage().contains("luster size must be a power of two"), qemuImg.getMessage());
        assertFalse(Files.exists(images.resolve("odd.qcow2")));

        Files.writeString(images.resolve("stray.img"), "not listed yet");
        VirtException stray = refused(ErrorCode.OPERATION_INVALID, () -> storage.createVolume(uuid,
                volume("stray.img", "raw", MIB, 0)));
        assertEquals("Requested operation is not valid: volume target path '" + images.resolve("stray.img")
                + "' already exists", stray.getMessage());
        assertEquals("not listed yet", Files.readString(images.resolve("stray.img")));

        refused(ErrorCode.NO_STORAGE_VOL, () -> storage.cloneVolume(uuid, volume("c.img", "raw", MIB, 0), uuid, "nope"));
        refused(ErrorCode.CONFIG_UNSUPPORTED, () -> storage.createVolume(uuid, "<volume><name>o.img</name>"
                + "<capacity>1048576</capacity><backingStore><path>" + images.resolve("once.qcow2")
                + "</path></backingStore></volume>"));
        VirtException noBase = refused(ErrorCode.SYSTEM_ERROR, () -> storage.createVolume(uuid, "<volume>"
                + "<name>o.qcow2</name><target><format type='qcow2'/></target><backingStore><path>missing.qcow2"
                + "</path></backingStore></volume>"));
        assertEquals("inaccessible backing store volume missing.qcow2: No such file or directory", noBase.getMessage());
        assertEquals(List.of("once.qcow2"), storage.listVolumes(uuid).stream().map(VolumeSummary::name).toList());
        try (var files = Files.list(images)) {
            assertEquals(List.of("once.qcow2", "stray.img"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void aMissingQemuImgIsNamed() {
        DirectoryPools broken = new DirectoryPools(config, state, events, new QemuImg("/nonexistent/qemu-img"));
        UUID uuid = broken.definePool(pool("images", images.toString())).uuid();
        broken.startPool(uuid, true);
        VirtException missing = refused(ErrorCode.SYSTEM_ERROR, () -> broken.createVolume(uuid,
                volume("a.qcow2", "qcow2", MIB, 0)));
        assertTrue(missing.getMessage().startsWith("cannot run /nonexistent/qemu-img: "), missing.getMessage());
        assertFalse(Files.exists(images.resolve("a.qcow2")));
    }

    @Test
    void aLongCopyRunsOutsideTheLockAndGuardsWhatItUses() throws Exception {
        // qemu-img that takes two seconds to convert, as a copy of a big image does
        Path slow = work.resolve("slow-qemu-img");
        Files.writeString(slow, "#!/bin/sh\n[ \"$1\" = convert ] && sleep 2\nexec qemu-img \"$@\"\n");
        Files.setPosixFilePermissions(slow, PosixFilePermissions.fromString("rwx------"));
        DirectoryPools pools = new DirectoryPools(config, state, events, new QemuImg(slow.toString()));
        UUID uuid = pools.definePool(pool("images", images.toString())).uuid();
        pools.startPool(uuid, true);
        pools.createVolume(uuid, volume("source.qcow2", "qcow2", GIB, 0));

        CompletableFuture<VolumeSummary> copy = CompletableFuture.supplyAsync(() -> pools.cloneVolume(uuid,
                volume("copy.qcow2", "qcow2", GIB, 0), uuid, "source.qcow2"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!Files.exists(images.resolve("copy.qcow2")) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        long start = System.nanoTime();
        assertEquals(1, pools.listVolumes(uuid).size(), "the copy is not listed before it is made");
        assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(500), "queries do not wait for the copy");
        VirtException inUse = refused(ErrorCode.OPERATION_INVALID, () -> pools.deleteVolume(uuid, "source.qcow2"));
        assertEquals("Requested operation is not valid: volume 'source.qcow2' is still in use.", inUse.getMessage());
        VirtException building = refused(ErrorCode.OPERATION_FAILED, () -> pools.createVolume(uuid,
                volume("copy.qcow2", "qcow2", GIB, 0)));
        assertEquals("storage volume 'copy.qcow2' exists already", building.getMessage());
        VirtException jobs = refused(ErrorCode.OPERATION_INVALID, () -> pools.stopPool(uuid));
        assertEquals("Requested operation is not valid: pool 'images' has asynchronous jobs running.", jobs.getMessage());
        assertFalse(copy.isDone(), "the checks above ran while the copy was running");

        assertEquals(GIB, copy.get(10, TimeUnit.SECONDS).capacity());
        pools.deleteVolume(uuid, "source.qcow2");
        pools.stopPool(uuid);
    }
}
