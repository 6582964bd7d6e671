package org.virtfx.core.osinfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

class IsoVolumeTest {
    @TempDir
    Path dir;

    @Test
    void readsThePrimaryVolumeDescriptorsIdentifiers() throws Exception {
        Path iso = IsoImages.write(dir.resolve("d.iso"), "Debian 11.5.0 amd64 n", "LINUX", "Debian Project",
                "XORRISO-1.5.4");
        assertEquals(new IsoVolume("LINUX", "Debian 11.5.0 amd64 n", "Debian Project", "XORRISO-1.5.4", 18 * 2048L),
                IsoVolume.read(iso));
    }

    @Test
    void aFileThatIsNoIsoIsNamedInTheError() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.iso"), "not an image");
        VirtException e = assertThrows(VirtException.class, () -> IsoVolume.read(text));
        assertEquals(ErrorCode.INVALID_ARG, e.code());
        assertEquals("'" + text + "' is not an ISO 9660 image: it ends before sector 16", e.getMessage());
        Path zeros = Files.write(dir.resolve("zeros.img"), new byte[64 * 1024]);
        assertEquals("'" + zeros + "' is not an ISO 9660 image: sector 16 holds no primary volume descriptor",
                assertThrows(VirtException.class, () -> IsoVolume.read(zeros)).getMessage());
    }

    @Test
    void aMissingFileSaysSo() {
        Path missing = dir.resolve("missing.iso");
        assertEquals("Cannot access storage file '" + missing + "': No such file or directory",
                assertThrows(VirtException.class, () -> IsoVolume.read(missing)).getMessage());
    }
}
