package org.virtfx.core.config;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/**
 * A lock held across processes, as a daemon's in-memory lock would be held across its clients:
 * an exclusive {@code fcntl} lock on a lock file, which the kernel drops when its holder dies,
 * even by {@code kill -9}. Within the process a reentrant lock comes first, so one thread holds
 * the file lock at a time and a thread that holds it may take it again (the JVM refuses a
 * second lock on the same file from one process: {@code OverlappingFileLockException}). One
 * instance per lock file and process, from {@link #at(Path)}.
 */
public final class CrossProcessLock {
    private static final ConcurrentHashMap<Path, CrossProcessLock> LOCKS = new ConcurrentHashMap<>();
    private static final long FIRST_POLL_MILLIS = 2;
    private static final long LONGEST_POLL_MILLIS = 50;

    private final Path file;
    private final ReentrantLock local = new ReentrantLock();
    /** Open while this process holds the file lock; guarded by {@link #local}. */
    private FileChannel channel;
    private FileLock held;

    private CrossProcessLock(Path file) {
        this.file = file;
    }

    /** The process's lock on {@code file}, made (with its directory) on first use. */
    public static CrossProcessLock at(Path file) {
        return LOCKS.computeIfAbsent(file.toAbsolutePath().normalize(), CrossProcessLock::new);
    }

    public Path file() {
        return file;
    }

    /**
     * Runs {@code work} holding the lock, waiting at most {@code wait} for another thread or
     * process to release it.
     *
     * @param what names the lock in the timeout error ("definitions of domains in /etc/...")
     * @throws VirtException libvirt's "Timed out during operation" when the wait runs out
     */
    public <T> T hold(Duration wait, String what, Supplier<T> work) {
        acquire(wait, what);
        try {
            return work.get();
        } finally {
            release();
        }
    }

    /** Runs {@code work} holding the lock when it is free now; false (work not run) when another holds it. */
    public boolean holdIfFree(Runnable work) {
        if (!local.tryLock()) {
            return false;
        }
        boolean mine;
        try {
            mine = lockFile(false);
        } catch (RuntimeException e) {
            local.unlock();
            throw e;
        }
        if (!mine) {
            local.unlock();
            return false;
        }
        try {
            work.run();
        } finally {
            release();
        }
        return true;
    }

    /** Whether this thread holds the lock. */
    public boolean heldByCurrentThread() {
        return local.isHeldByCurrentThread();
    }

    private void acquire(Duration wait, String what) {
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            if (!local.tryLock(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                throw timeout(what, "another thread of this process");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw VirtException.of(ErrorCode.OPERATION_ABORTED, "interrupted while waiting for the lock on " + what);
        }
        try {
            long pause = FIRST_POLL_MILLIS;
            // FileChannel.lock cannot be given a timeout or interrupted cleanly: poll tryLock.
            while (!lockFile(true)) {
                if (System.nanoTime() > deadline) {
                    throw timeout(what, "another process");
                }
                Thread.sleep(pause);
                pause = Math.min(pause * 2, LONGEST_POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            release();
            Thread.currentThread().interrupt();
            throw VirtException.of(ErrorCode.OPERATION_ABORTED, "interrupted while waiting for the lock on " + what);
        } catch (RuntimeException e) {
            release();
            throw e;
        }
    }

    /** Takes the file lock unless this thread has it already; false when another process holds it. */
    private boolean lockFile(boolean mayWaitAgain) {
        if (held != null) {
            return true;
        }
        try {
            if (channel == null) {
                Files.createDirectories(file.getParent());
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            }
            held = channel.tryLock();
            if (held == null && !mayWaitAgain) {
                closeChannel();
            }
            return held != null;
        } catch (IOException e) {
            closeChannel();
            throw VirtException.system("cannot lock " + file, e);
        }
    }

    private void release() {
        try {
            if (local.getHoldCount() == 1) {
                closeChannel();
            }
        } finally {
            local.unlock();
        }
    }

    /** Closing the channel releases the file lock; the lock file itself stays, as lock files do. */
    private void closeChannel() {
        held = null;
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Closing releases the lock even when close reports an error.
            }
            channel = null;
        }
    }

    private VirtException timeout(String what, String holder) {
        return VirtException.of(ErrorCode.OPERATION_TIMEOUT, "cannot acquire the lock on " + what
                + " (held by " + holder + ", " + file + ")");
    }
}
