package org.virtfx.core.driver;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;
import org.virtfx.core.config.CrossProcessLock;

/**
 * One lock per domain, held across processes, so that two VirtFX processes never both run a
 * job of the same domain (a start and a destroy, two starts): the process-wide half of
 * libvirt's job, whose in-process half is the domain's {@code DomainJob}. Lock files are named
 * by UUID, which survives renames, and stay once made, as lock files must: removing one while
 * another process waits on it would let a third lock a new file beside it.
 */
public final class DomainLocks {
    private final Path directory;
    private final Duration wait;

    /** Locks in {@code directory}, each waited for at most {@code wait}. */
    public DomainLocks(Path directory, Duration wait) {
        this.directory = directory;
        this.wait = wait;
    }

    /** Runs {@code work} holding the domain's lock; caller holds the domain's job. */
    public <T> T hold(UUID uuid, String job, Supplier<T> work) {
        return lock(uuid).hold(wait, "domain " + uuid + " for job '" + job + "'", work);
    }

    /** Runs {@code work} if no other process holds the domain's lock now; false when one does. */
    public boolean holdIfFree(UUID uuid, Runnable work) {
        return lock(uuid).holdIfFree(work);
    }

    private CrossProcessLock lock(UUID uuid) {
        return CrossProcessLock.at(directory.resolve(uuid + ".lock"));
    }
}
