package org.virtfx.drivers.qemu;

import org.virtfx.core.domain.DomainState;
import org.virtfx.core.domain.StateReason;
import org.virtfx.core.driver.DomainJobs;
import org.virtfx.core.driver.DomainObject;
import org.virtfx.core.event.DomainEvent;
import org.virtfx.core.event.DomainEvent.Type;
import org.virtfx.drivers.qemu.qmp.QmpEvent;

/**
 * QEMU's QMP events as domain state and events, as libvirt's qemuProcessHandle* do. They
 * arrive on the monitor's reader thread, which holds no lock, so events are published at once.
 * A state change a job also makes (suspend's {@code stop}, resume's {@code cont}) happens once:
 * whichever of the job and the event sees the old state changes it and tells.
 */
final class VmEvents {
    private final DomainJobs jobs;
    private final VmPauseRecorder pauses;

    VmEvents(DomainJobs jobs, VmPauseRecorder pauses) {
        this.jobs = jobs;
        this.pauses = pauses;
    }

    void on(DomainObject<QemuRuntime> domain, QemuRuntime runtime, QmpEvent event) {
        switch (event.name()) {
            case "DEVICE_DELETED" -> runtime.deviceDeleted(event.data().path("device").asText());
            case "STOP" -> {
                // -no-shutdown stops the guest after its power-off: not a pause (libvirt ignores it too).
                if (!runtime.afterShutdown()
                        && change(domain, runtime, DomainState.RUNNING, DomainState.PAUSED, runtime.takePauseReason())) {
                    recordPause(domain, runtime);
                    jobs.publish(new DomainEvent(domain.summary(), Type.SUSPENDED, "paused"));
                }
            }
            case "BLOCK_IO_ERROR" -> {
                // QEMU tells the error before the STOP it makes for it, as libvirt's handler relies on.
                if (event.data().path("action").asText().equals("stop")
                        && change(domain, runtime, DomainState.RUNNING, DomainState.PAUSED, StateReason.IOERROR)) {
                    recordPause(domain, runtime);
                    jobs.publish(new DomainEvent(domain.summary(), Type.SUSPENDED, "I/O error"));
                }
            }
            case "RESUME" -> {
                if (change(domain, runtime, DomainState.PAUSED, DomainState.RUNNING, StateReason.UNPAUSED)) {
                    recordPause(domain, runtime);
                    jobs.publish(new DomainEvent(domain.summary(), Type.RESUMED, "unpaused"));
                }
            }
            case "RESET" -> {
                runtime.setAfterShutdown(false);
                if (domain.runtime() == runtime) {
                    jobs.publish(new DomainEvent(domain.summary(), Type.REBOOTED, "reset"));
                }
            }
            case "SHUTDOWN" -> {
                runtime.setAfterShutdown(true);
                if (runtime.process().exiting()) {
                    // The exit that follows (on_poweroff destroy) is a shutdown, not a crash.
                    runtime.requestStop(StateReason.SHUTDOWN, false);
                    runtime.markGuestShutdown();
                }
            }
            case "GUEST_PANICKED" -> {
                if (event.data().path("action").asText().equals("pause")) {
                    // on_crash preserve: QEMU keeps the guest, stopped, for a look at its memory.
                    if (change(domain, runtime, DomainState.RUNNING, DomainState.CRASHED, StateReason.PANICKED)) {
                        recordPause(domain, runtime);
                        jobs.publish(new DomainEvent(domain.summary(), Type.SUSPENDED, "panicked"));
                    }
                } else {
                    runtime.requestStop(StateReason.CRASHED, false);
                }
            }
            default -> {
                // Other events (RTC_CHANGE, NIC_RX_FILTER_CHANGED...) change nothing a user sees.
            }
        }
    }

    /**
     * A pause or resume the event monitor's holder heard goes into the record, for the other
     * processes; a process that heard it on a command session of its own leaves that to the holder.
     */
    private void recordPause(DomainObject<QemuRuntime> domain, QemuRuntime runtime) {
        if (runtime.ownsMonitor()) {
            pauses.record(domain, runtime);
        }
    }

    /** Tells a pause or resume this process learnt of from another process's record, with its reason. */
    void told(DomainObject<QemuRuntime> domain, DomainState state, StateReason reason) {
        jobs.publish(state == DomainState.RUNNING ? new DomainEvent(domain.summary(), Type.RESUMED, "unpaused")
                : new DomainEvent(domain.summary(), Type.SUSPENDED, switch (reason) {
                    case IOERROR -> "I/O error";
                    case PANICKED -> "panicked";
                    default -> "paused";
                }));
    }

    /** Tells the start of a VM another process started, which this process has just adopted. */
    void startedElsewhere(DomainObject<QemuRuntime> domain) {
        jobs.publish(new DomainEvent(domain.summary(), Type.STARTED, "booted"));
    }

    /** Changes the state when the domain still runs this QEMU and is in {@code from}; true if it did. */
    static boolean change(DomainObject<QemuRuntime> domain, QemuRuntime runtime, DomainState from, DomainState to,
                          StateReason reason) {
        synchronized (domain) {
            if (domain.runtime() != runtime || domain.state() != from) {
                return false;
            }
            domain.setState(to, reason);
            return true;
        }
    }
}
