package org.virtfx.plumbing.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.plumbing.process.HostProcess;

/** The file of a new volume: made with its mode before qemu-img writes it, owned, and reserved on disk. */
final class VolumeFiles {
    /** libvirt's VIR_STORAGE_DEFAULT_VOL_PERM_MODE. */
    private static final int DEFAULT_MODE = 0600;

    private VolumeFiles() {
    }

    /**
     * Makes the empty file with the mode {@code wanted} names (0600 otherwise), failing when
     * anything is there already, as libvirt's O_CREAT|O_EXCL: a volume never takes over a file.
     */
    static void create(Path path, Permissions wanted) throws IOException {
        Files.createFile(path, PosixFilePermissions.asFileAttribute(modeBits(mode(wanted))));
    }

    /** Sets the mode again (qemu-img may have replaced the file), then the owner and group. */
    static void finish(Path path, Permissions wanted) throws IOException {
        Files.setPosixFilePermissions(path, modeBits(mode(wanted)));
        setOwner(path, wanted);
    }

    /** Reserves the first {@code bytes} of a raw file on disk, as libvirt's fallocate() does. */
    static void reserveBlocks(Path path, long bytes) {
        if (bytes <= 0) {
            return;
        }
        HostProcess.Result result = HostProcess.run(List.of("fallocate", "-l", Long.toString(bytes), path.toString()),
                null);
        if (!result.ok()) {
            throw VirtException.of(ErrorCode.OPERATION_FAILED, "cannot allocate " + bytes + " bytes in file '" + path
                    + "': " + result.stderr().strip());
        }
    }

    static void setOwner(Path path, Permissions wanted) throws IOException {
        if (wanted.owner() >= 0) {
            Files.setAttribute(path, "unix:uid", (int) wanted.owner());
        }
        if (wanted.group() >= 0) {
            Files.setAttribute(path, "unix:gid", (int) wanted.group());
        }
    }

    static Set<PosixFilePermission> modeBits(int mode) {
        StringBuilder text = new StringBuilder();
        String letters = "rwxrwxrwx";
        for (int bit = 8; bit >= 0; bit--) {
            text.append((mode & (1 << bit)) != 0 ? letters.charAt(8 - bit) : '-');
        }
        return PosixFilePermissions.fromString(text.toString());
    }

    private static int mode(Permissions wanted) {
        return wanted.mode() >= 0 ? wanted.mode() : DEFAULT_MODE;
    }
}
