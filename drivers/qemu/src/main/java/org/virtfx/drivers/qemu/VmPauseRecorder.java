package org.virtfx.drivers.qemu;

import java.lang.System.Logger.Level;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.virtfx.core.domain.DomainState;
import org.virtfx.core.domain.StateReason;
import org.virtfx.core.driver.DomainLocks;
import org.virtfx.core.driver.DomainObject;

/**
 * Writes into a VM's state record a pause QEMU made by itself, or its end: an I/O error with
 * {@code error_policy='stop'} (or QEMU's own stop on a full disk), or a guest panic that
 * on_crash preserve keeps. Only the process holding the event monitor hears them; the record
 * is where the other processes read a pause on their next look ({@link VmAdoption}), with no
 * monitor takeover. The record is written under the domain's cross-process lock, which QEMU's
 * event thread must not wait for, so the write is queued on a thread of its own; it writes the
 * domain's state as this process knows it when the lock is its own, and only when the record
 * says otherwise, so a suspend or resume whose job recorded it already is left as it is.
 */
final class VmPauseRecorder {
    private static final System.Logger LOG = System.getLogger(VmPauseRecorder.class.getName());

    private final QemuDriverConfig config;
    private final DomainLocks locks;
    /** One at a time, in the order the events came. */
    private final ExecutorService writer = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "qemu-pause-record");
        thread.setDaemon(true);
        return thread;
    });

    VmPauseRecorder(QemuDriverConfig config, DomainLocks locks) {
        this.config = config;
        this.locks = locks;
    }

    /** Records, soon, whether the VM is paused and why, as this process (the monitor's holder) shows it. */
    void record(DomainObject<QemuRuntime> domain, QemuRuntime runtime) {
        try {
            writer.execute(() -> {
                try {
                    locks.hold(domain.uuid(), "record-pause", () -> {
                        write(domain, runtime);
                        return null;
                    });
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "could not record the pause of VM '" + domain.name()
                            + "' for the other VirtFX processes", e);
                }
            });
        } catch (RejectedExecutionException closed) {
            // The connection let go of its VMs: whoever holds the monitor next records the pause.
        }
    }

    /**
     * Ends the writer once the connection lets go of its VMs: the writes already queued still
     * run (each is a fact about its VM, under its lock), and the close waits for them.
     */
    void close() {
        writer.shutdown();
        QemuDomains.finish(writer, "the pause records");
    }

    private void write(DomainObject<QemuRuntime> domain, QemuRuntime runtime) {
        DomainState state;
        StateReason reason;
        synchronized (domain) {
            if (domain.runtime() != runtime) {
                return;
            }
            state = domain.state();
            reason = domain.reason();
        }
        boolean paused = state == DomainState.PAUSED || state == DomainState.CRASHED;
        VmStateFile.update(config, domain.name(), runtime.process().pid(), r -> {
            // A save or stop under way (or left by a killed process) owns the pause flag: its
            // undo reads it as the guest's state before the job.
            if (r.interrupted() || r.paused() == paused) {
                return r;
            }
            return paused ? r.withPauseReason(reason) : r.withPaused(false);
        });
        runtime.recordedPauseChanged(paused);
    }
}
