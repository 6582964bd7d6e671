package org.virtfx.core.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/**
 * Tells whether a folder's entries may have changed since the last look, from its modification
 * time: every file created, renamed in or removed changes it, so an atomic write or a delete of
 * a definition or state record by any process shows. A process that catches up with what others
 * did before every operation pays one {@code stat} when nothing changed. A folder that does not
 * exist counts as unchanged until it appears.
 */
public final class DirectoryChanges {
    /**
     * Longer than the kernel's file-time tick (jiffies: 4 ms at HZ=250, 10 ms at 100): a change
     * within the tick of the last look can keep the time that look saw.
     */
    private static final long COARSE_CLOCK_MILLIS = 50;

    private final Path directory;
    /** The time the last look saw; null before the first look or when the folder was missing. */
    private FileTime seen;
    private boolean looked;
    private long lastLookMillis;

    public DirectoryChanges(Path directory) {
        this.directory = directory;
    }

    /**
     * Whether the folder may have changed since the last call: true the first time, when its
     * time differs from the one seen last, and when that time is so close to the last look that
     * a later change in the same clock tick could hide behind it. The caller reads the folder
     * after a true answer; a change made meanwhile shows at the next call.
     */
    public synchronized boolean changed() {
        long now = System.currentTimeMillis();
        FileTime modified;
        try {
            modified = Files.getLastModifiedTime(directory);
        } catch (NoSuchFileException missing) {
            modified = null;
        } catch (IOException unreadable) {
            // Cannot tell: read it.
            looked = false;
            return true;
        }
        boolean changed = !looked || (modified == null ? seen != null
                : !modified.equals(seen) || lastLookMillis - modified.toMillis() < COARSE_CLOCK_MILLIS);
        looked = true;
        seen = modified;
        lastLookMillis = now;
        return changed;
    }

    /** Makes the next {@link #changed} answer true, after a look that could not finish. */
    public synchronized void forget() {
        looked = false;
    }
}
