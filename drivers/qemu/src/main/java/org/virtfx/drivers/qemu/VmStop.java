package org.virtfx.drivers.qemu;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.domain.StateReason;
import org.virtfx.core.driver.DomainJobs;
import org.virtfx.core.driver.DomainLocks;
import org.virtfx.core.driver.DomainObject;
import org.virtfx.core.driver.DomainObjectList;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.event.DomainEvent;
import org.virtfx.core.event.DomainEvent.Type;
import org.virtfx.plumbing.netdev.TapDevices;

/**
 * Stops VMs and notices those that end by themselves. QEMU is this application's child, so its
 * exit is seen the moment it happens and a SIGKILL is reaped at once (docs/decisions/0008); a
 * QEMU of another VirtFX process is watched through its pid. Every process that has the VM
 * sees the end and marks the domain shut off (a transient one leaves the list); the taps, the
 * VM's directory, live XML and state record are removed under the domain's cross-process lock
 * by whichever process gets there first, and only while the record still names that QEMU, so a
 * late watcher never removes what a new start of the VM has made.
 */
final class VmStop {
    private static final System.Logger LOG = System.getLogger(VmStop.class.getName());
    private static final int LOCK_ATTEMPTS = 3;

    private final QemuDriverConfig config;
    private final DomainObjectList<QemuRuntime> domains;
    private final DomainJobs jobs;
    private final TapDevices taps;
    private final DomainLocks locks;
    /**
     * Where exits are handled: each waits for the domain's lock, which the job that killed the
     * VM holds while it waits for the exit, so never on the thread that completes the exit.
     */
    private final Executor exits = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "qemu-vm-exit");
        thread.setDaemon(true);
        return thread;
    });

    /** @param taps null for a driver without taps (session) */
    VmStop(QemuDriverConfig config, DomainObjectList<QemuRuntime> domains, DomainJobs jobs, TapDevices taps,
           DomainLocks locks) {
        this.config = config;
        this.locks = locks;
        this.domains = domains;
        this.jobs = jobs;
        this.taps = taps;
    }

    /** Notices a VM whose QEMU exits without being killed (powered off, crashed, killed outside). */
    void watch(DomainObject<QemuRuntime> domain, QemuRuntime runtime) {
        runtime.process().exited().whenCompleteAsync((status, failure) -> {
            if (runtime.finishClaimed() || runtime.killedHere()) {
                // Let go of (detached), or stopped by a job here that does the clean-up itself:
                // waiting for that job's lock only to find the clean-up done would take the lock
                // after the job, when its caller may already have closed the connection.
                return;
            }
            // At once: a process waiting to take the monitor need not wait for the clean-up.
            runtime.releaseClaim();
            StateReason reason = runtime.stopReason();
            if (reason == null) {
                // Read before the lock: the process that stopped it removes the record under it.
                reason = VmStateFile.find(config, domain.name()).filter(r -> r.qemuPid() == runtime.process().pid())
                        .map(VmStateFile::stopping)
                        .orElse(runtime.guestShutdownMarked() || status != null && status == 0 ? StateReason.SHUTDOWN
                                : StateReason.CRASHED);
            }
            DomainEvent event = finishLocked(domain, runtime, reason);
            if (event == null) {
                return;
            }
            try {
                if (!runtime.quiet()) {
                    jobs.publish(event);
                }
            } finally {
                // Only now: a destroy that lost the race waits for this, so it returns after the event.
                runtime.finished().complete(null);
            }
        }, exits);
    }

    /**
     * The clean-up under the domain's lock. Whoever stopped the VM (a job here or in another
     * process) holds it until its own clean-up is done; a job of this process may hold it a
     * while longer (a hot-unplug waits up to 30 s for the guest), so the wait is tried again
     * before the domain is only marked shut off, its files left to the next process's look.
     */
    private DomainEvent finishLocked(DomainObject<QemuRuntime> domain, QemuRuntime runtime, StateReason reason) {
        RuntimeException last = null;
        for (int attempt = 0; attempt < LOCK_ATTEMPTS; attempt++) {
            try {
                return locks.hold(domain.uuid(), "exit", () -> finish(domain, runtime, reason));
            } catch (RuntimeException e) {
                last = e;
            }
        }
        LOG.log(Level.WARNING, "VM '" + domain.name() + "' ended; its clean-up could not run", last);
        return finish(domain, runtime, reason, false);
    }

    /** SIGKILL, reaped at once, then the clean-up. Returns the STOPPED event, or null when the VM's own end got there first. */
    DomainEvent kill(DomainObject<QemuRuntime> domain, QemuRuntime runtime, StateReason reason, boolean quiet) {
        runtime.requestStop(reason, quiet);
        // So that the other processes that have the VM tell the same reason (caller holds the lock).
        VmStateFile.update(config, domain.name(), runtime.process().pid(), r -> r.withStopping(reason));
        runtime.markKilledHere();
        runtime.process().destroy();
        DomainEvent event = finish(domain, runtime, reason);
        if (event != null) {
            runtime.finished().complete(null);
        }
        return event;
    }

    /**
     * The clean-up, by whoever claims it first; that caller completes {@link QemuRuntime#finished()}
     * once its event is told. Null for the other, after the claimant has done so.
     */
    private DomainEvent finish(DomainObject<QemuRuntime> domain, QemuRuntime runtime, StateReason reason) {
        return finish(domain, runtime, reason, true);
    }

    /** @param locked whether the caller holds the domain's lock, without which no file is touched */
    private DomainEvent finish(DomainObject<QemuRuntime> domain, QemuRuntime runtime, StateReason reason,
                               boolean locked) {
        if (!runtime.claimFinish()) {
            runtime.finished().join();
            return null;
        }
        runtime.releaseClaim();
        RuntimeException failure = null;
        try {
            VmStateFile record = !locked ? null : VmStateFile.find(config, domain.name())
                    .filter(r -> r.qemuPid() == runtime.process().pid()).orElse(null);
            if (record == null) {
                // Another process cleaned up after it already, and perhaps started the VM again.
                runtime.process().release();
                return new DomainEvent(domains.stopped(domain, reason), Type.STOPPED, detail(reason));
            }
            runtime.process().close();
            if (taps != null) {
                runtime.taps().forEach(taps::delete);
                // Those another process hot-plugged, which this one may not have looked at yet.
                record.taps().stream().filter(t -> !runtime.taps().contains(t.name()))
                        .forEach(t -> taps.deleteIfPlugged(t.name(), t.guestMac()));
            }
            deleteTree(runtime.directory());
            Files.deleteIfExists(liveXml(config, domain.name()));
            // Last, and only once the rest is gone: a process killed before this leaves the record,
            // and the next one undoes what is left of the VM.
            VmStateFile.delete(config, domain.name());
        } catch (RuntimeException e) {
            failure = e;
        } catch (IOException e) {
            failure = VirtException.system("cannot remove the live XML of '" + domain.name() + "'", e);
        }
        DomainSummary after = domains.stopped(domain, reason);
        if (failure != null) {
            LOG.log(Level.WARNING, "clean-up after VM '" + domain.name() + "' was incomplete", failure);
        }
        return new DomainEvent(after, Type.STOPPED, detail(reason));
    }

    private static String detail(StateReason reason) {
        return switch (reason) {
            case DESTROYED -> "destroyed";
            case CRASHED -> "crashed";
            case FAILED -> "failed";
            case SAVED -> "saved";
            case FROM_SNAPSHOT -> "from snapshot";
            default -> "shutdown";
        };
    }

    /** The running VM's live XML, as libvirt keeps /run/libvirt/qemu/NAME.xml. */
    static Path liveXml(QemuDriverConfig config, String name) {
        return config.stateDirectory().resolve(name + ".xml");
    }

    static void deleteTree(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw VirtException.system("cannot remove " + directory, e);
        }
    }
}
