package org.virtfx.core.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.virtfx.core.error.VirtException;

/**
 * Writes files so that a crash leaves the old content or the new, never part of either: a
 * temporary file of its own in the same directory, forced to disk, renamed over the target,
 * and the directory forced so the rename itself survives a power cut.
 */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    public static void write(Path file, String text) {
        Path directory = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(directory);
            // A name of its own, so that two writers of the same file never share a temporary.
            Path temporary = Files.createTempFile(directory, "." + file.getFileName(), ".new");
            try {
                try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                    while (bytes.hasRemaining()) {
                        channel.write(bytes);
                    }
                    channel.force(true);
                }
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temporary);
            }
            try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
                dir.force(true);
            } catch (IOException notSupported) {
                // Some file systems cannot open a directory for sync; the rename still happened.
            }
        } catch (IOException e) {
            throw VirtException.system("cannot write " + file, e);
        }
    }
}
