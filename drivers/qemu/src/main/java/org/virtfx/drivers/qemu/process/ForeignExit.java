package org.virtfx.drivers.qemu.process;

import com.sun.jna.Native;
import java.util.concurrent.CompletableFuture;
import org.virtfx.plumbing.process.ProcessEnds;

/**
 * The exit of a process that is not our child (a QEMU another VirtFX process started), seen
 * the moment it happens through a process descriptor, rather than by
 * {@link ProcessHandle#onExit()}, which for a non-child polls at up to 5 s and waits for PID 1
 * to reap it. One small daemon thread waits in {@code poll} per watched process; it wakes once a
 * second only to see whether the watch was stopped.
 */
public final class ForeignExit {
    private static final int WAKE_MILLIS = 1000;
    private static final long FALLBACK_POLL_MILLIS = 20;

    private final CompletableFuture<Integer> exited = new CompletableFuture<>();
    private volatile boolean stopped;

    private ForeignExit() {
    }

    /** Watches {@code pid}; the future completes with -1 (status unknown) when it exits or is already gone. */
    public static ForeignExit of(long pid) {
        ForeignExit watch = new ForeignExit();
        // The descriptor is opened on the watch's thread: the first use of JNA in a process
        // costs a few hundred milliseconds, which a CLI listing VMs need not wait for. The pid
        // cannot be another process's by then: pids are not reused within milliseconds.
        Thread thread = new Thread(null, () -> watch.await(pid), "qemu-exit-" + pid, 256 * 1024);
        thread.setDaemon(true);
        thread.start();
        return watch;
    }

    /** Without JNA's native library: the process's state in /proc, every 20 ms. */
    private void poll(long pid) {
        while (!stopped) {
            if (ProcessEnds.ended(pid)) {
                exited.complete(-1);
                return;
            }
            try {
                Thread.sleep(FALLBACK_POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    public CompletableFuture<Integer> exited() {
        return exited;
    }

    /** Stops watching; the future never completes (the process is no longer ours to watch). */
    public void stop() {
        stopped = true;
    }

    private void await(long pid) {
        int fd;
        try {
            fd = PidFd.syscall(PidFd.SYS_PIDFD_OPEN, (int) pid, 0);
        } catch (LinkageError noNativeAccess) {
            poll(pid);
            return;
        }
        if (fd < 0) {
            // ESRCH: the process is gone already.
            exited.complete(-1);
            return;
        }
        try {
            int[] pollfd = {fd, PidFd.POLLIN};
            while (!stopped) {
                int ready = PidFd.poll(pollfd, 1, WAKE_MILLIS);
                if (ready > 0) {
                    exited.complete(-1);
                    return;
                }
                if (ready < 0 && Native.getLastError() != PidFd.EINTR) {
                    exited.completeExceptionally(new IllegalStateException("poll on the pidfd of a QEMU failed, errno "
                            + Native.getLastError()));
                    return;
                }
            }
        } finally {
            PidFd.close(fd);
        }
    }
}
