package org.virtfx.core.virtnet;

import java.io.IOException;
import java.nio.ByteBuffer;
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
 * Network definitions on disk, laid out as libvirt lays out {@code /etc/libvirt/qemu/networks}:
 * {@code NAME.xml} per network and {@code autostart/NAME.xml} for those that start with the
 * driver. Every write goes to a temporary file in the same directory, is forced to disk and
 * then renamed over the old file, so a crash leaves the old definition or the new one, never
 * half of either.
 */
final class NetworkConfigStore {
    private final Path directory;
    private final Path autostart;

    NetworkConfigStore(Path directory) {
        this.directory = directory;
        this.autostart = directory.resolve("autostart");
    }

    /** The stored definitions' XML, one per file. */
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
            throw ioError("cannot read network definitions in " + directory, e);
        }
        return documents;
    }

    void save(String name, String xml) {
        writeAtomically(directory.resolve(name + ".xml"), xml);
    }

    void delete(String name) {
        try {
            Files.deleteIfExists(directory.resolve(name + ".xml"));
            Files.deleteIfExists(autostart.resolve(name + ".xml"));
        } catch (IOException e) {
            throw ioError("cannot delete the definition of network '" + name + "'", e);
        }
    }

    boolean autostart(String name) {
        return Files.exists(autostart.resolve(name + ".xml"));
    }

    /** Marks or unmarks a network for autostart; the marker holds the network's name. */
    void setAutostart(String name, boolean enabled) {
        Path marker = autostart.resolve(name + ".xml");
        try {
            if (enabled) {
                writeAtomically(marker, name + "\n");
            } else {
                Files.deleteIfExists(marker);
            }
        } catch (IOException e) {
            throw ioError("cannot change autostart of network '" + name + "'", e);
        }
    }

    private void writeAtomically(Path target, String content) {
        try {
            Files.createDirectories(target.getParent());
            Path temporary = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".new");
            try {
                try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    channel.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
                    channel.force(true);
                }
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw ioError("cannot write " + target, e);
        }
    }

    private static VirtException ioError(String what, IOException e) {
        return new VirtException(ErrorCode.SYSTEM_ERROR, what + ": " + e.getMessage(), e.toString(), e);
    }
}
