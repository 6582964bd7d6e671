package org.virtfx.drivers.lxc;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/**
 * Lets a bounded number of container starts run at once, however many callers ask together, as
 * libvirtd runs at most {@code max_workers} (20) calls at once and queues the rest; the queue is
 * fair, so starts run in the order they were asked for.
 *
 * <p>Why a bound: every start spawns a supervisor, and the JDK's spawn helper closes, one by one,
 * every file descriptor the application has open that is not close-on-exec, which is nearly all
 * of Java's. A start under way holds three or four (its domain's lock file, the supervisor's
 * pipes), so with a thousand starts at once each spawn closed about four thousand, and the cost
 * of the whole grew with the square of the count: a spawn took 17 ms with 4,000 descriptors open
 * against 1.5 ms with none. A start waits here before it takes anything, its lock file included.
 */
final class StartGate {
    /** libvirtd's default {@code max_workers}. */
    static final int DEFAULT_SIZE = 20;

    private final Semaphore permits;

    StartGate(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a start gate needs room for one start, not " + size);
        }
        this.permits = new Semaphore(size, true);
    }

    /** Runs {@code start} once a place is free; the place is given back however it ends. */
    <T> T pass(String name, Supplier<T> start) {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw VirtException.of(ErrorCode.OPERATION_ABORTED, "interrupted while waiting to start '" + name + "'");
        }
        try {
            return start.get();
        } finally {
            permits.release();
        }
    }
}
