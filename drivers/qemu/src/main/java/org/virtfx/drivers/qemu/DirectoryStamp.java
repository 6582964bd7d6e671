package org.virtfx.drivers.qemu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tells whether a folder other processes write into changed since the last look, with one
 * {@code stat}: every file they create, replace (an atomic write's rename) or remove there
 * changes the folder's modification time.
 */
final class DirectoryStamp {
    /** Longer than the kernel's file-time tick (jiffies: 4 ms at HZ=250, 10 ms at 100). */
    private static final long COARSE_CLOCK_MILLIS = 50;

    private final Path directory;
    /** The folder's modification time at the last look, and when that look began. */
    private long lastModified = Long.MIN_VALUE;
    private long lastLook;

    DirectoryStamp(Path directory) {
        this.directory = directory;
    }

    /** Whether the folder changed since the last call; a time within the clock's coarse tick of it counts as changed. */
    synchronized boolean changed() {
        long now = System.currentTimeMillis();
        long modified;
        try {
            modified = Files.getLastModifiedTime(directory).toMillis();
        } catch (IOException e) {
            return true;
        }
        // The kernel stamps files from a clock that ticks every few milliseconds: a change within
        // the same tick as the last look's would keep the time, so only a time well before the
        // last look's start proves that nothing changed since.
        boolean changed = modified != lastModified || lastLook - modified < COARSE_CLOCK_MILLIS;
        lastModified = modified;
        lastLook = now;
        return changed;
    }

    /** Makes the next call say "changed", for a change that may leave no trace in the folder. */
    synchronized void forceNext() {
        lastModified = Long.MIN_VALUE;
    }
}
