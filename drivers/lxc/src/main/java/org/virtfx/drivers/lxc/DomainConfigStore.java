package org.virtfx.drivers.lxc;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/**
 * Container definitions on disk, laid out as libvirt lays out {@code /etc/libvirt/lxc}:
 * {@code NAME.xml} per domain and an {@code autostart/NAME.xml} link for those that start with
 * the driver. A write goes to a temporary file in the same directory, is forced to disk and
 * renamed over the old one, so a crash leaves the old definition or the new one, never a mix.
 * Names reach this class only after {@link LxcDomains} refused '/', a leading '.' and control
 * characters, so a file name never leaves the directory.
 */
final class DomainConfigStore {
    private final Path directory;
    private final Path autostart;

    DomainConfigStore(Path directory) {
        this.directory = directory;
        this.autostart = directory.resolve("autostart");
    }

    List<String> loadAll() {
        List<String> documents = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return documents;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.xml")) {
            for (Path file : files) {
                documents.add(Files.readString(file, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw ioError("cannot read domain definitions in " + directory, e);
        }
        return documents;
    }

    void save(String name, String xml) {
        writeAtomically(directory.resolve(name + ".xml"), xml);
    }

    void delete(String name) {
        try {
            Files.deleteIfExists(autostart.resolve(name + ".xml"));
            Files.deleteIfExists(directory.resolve(name + ".xml"));
        } catch (IOException e) {
            throw ioError("cannot delete the definition of domain '" + name + "'", e);
        }
    }

    boolean autostart(String name) {
        return Files.exists(autostart.resolve(name + ".xml"), java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    void setAutostart(String name, boolean on) {
        Path link = autostart.resolve(name + ".xml");
        try {
            if (on) {
                Files.createDirectories(autostart);
                if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.createSymbolicLink(link, directory.resolve(name + ".xml"));
                }
            } else {
                Files.deleteIfExists(link);
            }
        } catch (IOException e) {
            throw ioError("cannot change autostart of domain '" + name + "'", e);
        }
    }

    /** Writes {@code text} to {@code file} atomically: temporary file, fsync, rename. */
    static void writeAtomically(Path file, String text) {
        Path temporary = file.resolveSibling("." + file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                channel.write(StandardCharsets.UTF_8.encode(text));
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                e.addSuppressed(ignored);
            }
            throw ioError("cannot write " + file, e);
        }
    }

    static VirtException ioError(String what, IOException e) {
        return new VirtException(ErrorCode.SYSTEM_ERROR, what + ": " + e.getMessage(), null, e);
    }
}
