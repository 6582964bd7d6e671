package org.virtfx.app.disks;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.DriverRegistry;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/** A disk path must name a pool's volume or a file on the host; anything else is refused in libvirt's words. */
class DiskPathsTest {
    @TempDir
    Path dir;
    private Connection connection;
    private DiskPaths disks;

    @BeforeEach
    void open() {
        connection = DriverRegistry.discover().open("test:///default");
        disks = new DiskPaths(connection);
    }

    @AfterEach
    void close() {
        connection.close();
    }

    @Test
    void aMissingFileIsRefusedByName() {
        String missing = dir.resolve("nothing.qcow2").toString();
        VirtException e = assertThrows(VirtException.class, () -> disks.requireExisting(missing));
        assertEquals(ErrorCode.NO_STORAGE_VOL, e.code());
        assertEquals("Cannot access storage file '" + missing + "': No such file or directory", e.getMessage());
        assertThrows(VirtException.class, () -> disks.requireSourceOf(
                "<disk type='file' device='disk'><source file='" + missing + "'/><target dev='vdb'/></disk>"));
    }

    @Test
    void aHostFileOrAPoolVolumeIsAccepted() throws Exception {
        Path image = Files.createFile(dir.resolve("disk.img"));
        assertDoesNotThrow(() -> disks.requireExisting(image.toString()));
        var pool = connection.storage().lookupPool("default-pool");
        var volume = connection.storage().createVolume(pool.uuid(),
                "<volume><name>v.qcow2</name><capacity unit='G'>1</capacity></volume>");
        assertDoesNotThrow(() -> disks.requireExisting(volume.path()));
    }

    @Test
    void devicesWithoutAFileAreNotChecked() {
        assertDoesNotThrow(() -> disks.requireSourceOf("<disk type='file' device='cdrom'><target dev='hdc'/></disk>"));
        assertDoesNotThrow(() -> disks.requireSourceOf("<watchdog model='i6300esb'/>"));
    }
}
