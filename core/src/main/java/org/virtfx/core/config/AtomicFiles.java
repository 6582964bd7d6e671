package org.virtfx.core.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.virtfx.core.error.VirtException;

/**
 * Writes files so that a crash leaves the old content or the new, never part of either: a
 * temporary file of its own in the same directory, forced to disk, renamed over the target,
 * and the directory forced so the rename itself survives a power cut.
 */
public final class AtomicFiles {

    private static final long PID = ProcessHandle.current().pid();
    /** {@code .NAME.PID-RANDOM.new}; RANDOM is createTempFile's, digits only. */
    private static final Pattern TEMPORARY = Pattern.compile("\\..*\\.(\\d+)-\\d+\\.new");
    /** A temporary without a pid (an older writer's) is stale once it is this old. */
    private static final Duration UNNAMED_STALE_AFTER = Duration.ofMinutes(1);

    private AtomicFiles() {
    }

    /**
     * Removes the temporaries that writers killed mid-write left in {@code directory}: those
     * whose writer is no longer running. A live writer's (this process's included) stay.
     *
     * @return the files removed
     */
    public static List<Path> removeStale(Path directory) {
        List<Path> removed = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return removed;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, ".*.new")) {
            for (Path file : files) {
                if (isStale(file)) {
                    Files.deleteIfExists(file);
                    removed.add(file);
                }
            }
        } catch (IOException e) {
            throw VirtException.system("cannot remove stale temporary files in " + directory, e);
        }
        return removed;
    }

    private static boolean isStale(Path file) throws IOException {
        Matcher name = TEMPORARY.matcher(file.getFileName().toString());
        if (name.matches()) {
            long writer = Long.parseLong(name.group(1));
            return writer != PID && ProcessHandle.of(writer).isEmpty();
        }
        FileTime modified = Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS);
        return modified.toInstant().isBefore(Instant.now().minus(UNNAMED_STALE_AFTER));
    }

    public static void write(Path file, String text) {
        Path directory = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(directory);
            // A name of its own, so that two writers of the same file never share a temporary,
            // carrying the writer's pid, so that a later process knows a dead writer's leftover.
            Path temporary = Files.createTempFile(directory, "." + file.getFileName() + "." + PID + "-", ".new");
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
