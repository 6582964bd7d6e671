package org.virtfx.core.domain;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/**
 * The job slot of one domain, after libvirt's domain jobs: one state-changing job at a time,
 * a second one waits (bounded) for the first, queries never take the slot, and a forced stop
 * asks the running job to give up before it waits for the slot itself.
 */
public final class DomainJob {
    /** libvirt waits 30 s for a domain's job before it gives up. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);

    private final Semaphore slot = new Semaphore(1, true);
    private final Duration wait;
    private volatile String running;
    private volatile boolean abortRequested;
    private volatile Runnable abortHandler;

    public DomainJob() {
        this(DEFAULT_WAIT);
    }

    public DomainJob(Duration wait) {
        this.wait = wait;
    }

    /** Work done while holding the job slot. */
    @FunctionalInterface
    public interface Work<T> {
        T run();
    }

    /** Runs a state-changing job once the slot is free. */
    public <T> T run(String name, Work<T> work) {
        acquire(name);
        try {
            return work.run();
        } finally {
            release();
        }
    }

    /**
     * Runs a job that must not wait behind another (force off): the running job is asked to
     * abort, through {@link #abortRequested()} and its abort handler, and this one then takes
     * the slot as soon as that job returns.
     */
    public <T> T runInterrupting(String name, Work<T> work) {
        if (running != null) {
            abortRequested = true;
            Runnable handler = abortHandler;
            if (handler != null) {
                handler.run();
            }
        }
        return run(name, work);
    }

    /** Whether a forced stop asked the running job to give up; long jobs check it. */
    public boolean abortRequested() {
        return abortRequested;
    }

    /**
     * Sets what stops the running job from outside (kill a process, close a socket); cleared
     * when the job ends.
     */
    public void onAbort(Runnable handler) {
        abortHandler = handler;
    }

    /** Name of the job holding the slot, or null. A query; it never waits. */
    public String runningJob() {
        return running;
    }

    private void acquire(String name) {
        boolean acquired;
        try {
            acquired = slot.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw VirtException.of(ErrorCode.OPERATION_ABORTED, "interrupted while waiting for job '" + running + "'");
        }
        if (!acquired) {
            throw VirtException.of(ErrorCode.OPERATION_TIMEOUT,
                    "cannot acquire state change lock (held by " + running + ")");
        }
        running = name;
        abortRequested = false;
    }

    private void release() {
        running = null;
        abortHandler = null;
        slot.release();
    }
}
