package org.virtfx.plumbing.storage;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/** The directory of a directory pool on the host: made, read for volumes, and measured. */
record PoolDirectory(Path path) {
    /** libvirt's VIR_STORAGE_DEFAULT_POOL_PERM_MODE. */
    private static final int DEFAULT_MODE = 0711;

    /** A file system's {@code statvfs} figures in bytes, as libvirt reports a directory pool's. */
    record Sizes(long capacity, long allocation, long available) {
        static final Sizes NONE = new Sizes(0, 0, 0);
    }

    /**
     * Makes the directory with its parents, as libvirt builds a directory pool: mode 0711 unless
     * {@code wanted} says otherwise, and the owner and group it names. An existing directory
     * only gets the permissions {@code wanted} names.
     */
    void build(Permissions wanted) {
        try {
            boolean existed = Files.isDirectory(path);
            Files.createDirectories(path);
            if (!existed || wanted.mode() >= 0) {
                Files.setPosixFilePermissions(path, VolumeFiles.modeBits(wanted.mode() >= 0 ? wanted.mode() : DEFAULT_MODE));
            }
            VolumeFiles.setOwner(path, wanted);
        } catch (IOException e) {
            throw VirtException.system("cannot create path '" + path + "'", e);
        }
    }

    /** The directory's mode, owner and group as they are. */
    Permissions permissions() {
        try {
            Map<String, Object> stat = Files.readAttributes(path, "unix:mode,uid,gid");
            return new Permissions((Integer) stat.get("mode") & 0777, (Integer) stat.get("uid"), (Integer) stat.get("gid"));
        } catch (IOException e) {
            throw VirtException.system("cannot stat directory '" + path + "'", e);
        }
    }

    /**
     * The directory's regular files, each read by qemu-img, as libvirt's refresh of a directory
     * pool: subdirectories, sockets and dangling links are not volumes.
     */
    Map<String, VolumeState> scan(QemuImg qemuImg) {
        Map<String, VolumeState> volumes = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(path)) {
            for (Path file : files) {
                if (Files.isRegularFile(file)) {
                    volumes.put(file.getFileName().toString(), VolumeState.read(qemuImg, file));
                }
            }
        } catch (NoSuchFileException e) {
            throw new VirtException(ErrorCode.SYSTEM_ERROR, "cannot open directory '" + path
                    + "': No such file or directory", e.toString(), e);
        } catch (IOException e) {
            throw VirtException.system("cannot open directory '" + path + "'", e);
        }
        return volumes;
    }

    /**
     * The file system's sizes as libvirt's directory pools report them: capacity f_blocks,
     * allocation f_blocks - f_bfree, available f_bavail, each times f_frsize (Java's FileStore
     * reads exactly these from statvfs).
     */
    Sizes sizes() {
        try {
            FileStore fileSystem = Files.getFileStore(path);
            long capacity = fileSystem.getTotalSpace();
            return new Sizes(capacity, capacity - fileSystem.getUnallocatedSpace(), fileSystem.getUsableSpace());
        } catch (IOException e) {
            throw VirtException.system("cannot statvfs path '" + path + "'", e);
        }
    }
}
