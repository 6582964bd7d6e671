package org.virtfx.drivers.qemu;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.virtfx.core.error.VirtException;

/**
 * Which VirtFX process holds a running VM's event monitor: the one with an exclusive
 * {@code fcntl} lock on {@code monitor.lock} in the VM's private directory, held for as long as
 * it keeps the monitor. The kernel drops the lock when its holder ends, even by kill -9, so
 * another process tells a busy monitor from a free one at once, without waiting on a QMP
 * greeting that a busy monitor never sends. The file is in the VM's directory, so each start
 * of the VM has a new one.
 */
final class MonitorClaim {
    /**
     * The lock files (by inode) this process has a claim on. Process-wide because that is what
     * an fcntl lock is: a second channel on the same file in this process could not lock it,
     * and closing that channel would drop the first one's lock.
     */
    private static final Set<Object> CLAIMED = new HashSet<>();

    private final Object key;
    private final FileChannel channel;

    private MonitorClaim(Object key, FileChannel channel) {
        this.key = key;
        this.channel = channel;
    }

    static Path file(Path vmDirectory) {
        return vmDirectory.resolve("monitor.lock");
    }

    /** The claim on the VM's monitor when no process (this one included) has it; empty when one has. */
    static Optional<MonitorClaim> tryClaim(Path vmDirectory) {
        Path file = file(vmDirectory);
        synchronized (CLAIMED) {
            FileChannel channel = null;
            try {
                // Looked up before any channel is opened: closing one would drop this process's lock (see CLAIMED).
                if (Files.exists(file) && CLAIMED.contains(Files.readAttributes(file, BasicFileAttributes.class).fileKey())) {
                    return Optional.empty();
                }
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
                FileLock lock = channel.tryLock();
                if (lock == null) {
                    channel.close();
                    return Optional.empty();
                }
                CLAIMED.add(key);
                return Optional.of(new MonitorClaim(key, channel));
            } catch (IOException e) {
                if (channel != null) {
                    try {
                        channel.close();
                    } catch (IOException ignored) {
                        // Nothing was locked through it.
                    }
                }
                if (!Files.isDirectory(vmDirectory)) {
                    // The VM ended and its directory went meanwhile: nothing to claim.
                    return Optional.empty();
                }
                throw VirtException.system("cannot lock " + file, e);
            }
        }
    }

    /** Lets go of the monitor: another process may now take it. */
    void release() {
        synchronized (CLAIMED) {
            if (CLAIMED.remove(key)) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // Closing releases the lock even when close reports an error.
                }
            }
        }
    }
}
