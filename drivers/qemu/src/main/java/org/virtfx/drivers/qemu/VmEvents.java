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

    VmEvents(DomainJobs jobs) {
        this.jobs = jobs;
    }

    void on(DomainObject<QemuRuntime> domain, QemuRuntime runtime, QmpEvent event) {
        switch (event.name()) {
            case "DEVICE_DELETED" -> runtime.deviceDeleted(event.data().path("device").asText());
            case "STOP" -> {
                // -no-shutdown stops the guest after its power-off: not a pause (libvirt ignores it too).
                if (!runtime.afterShutdown()
                        && change(domain, runtime, DomainState.RUNNING, DomainState.PAUSED, runtime.takePauseReason())) {
                    jobs.publish(new DomainEvent(domain.summary(), Type.SUSPENDED, "paused"));
                }
            }
            case "RESUME" -> {
                if (change(domain, runtime, DomainState.PAUSED, DomainState.RUNNING, StateReason.UNPAUSED)) {
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

    /** Tells the start of a VM another process started, which this process has just adopted. */
    void startedElsewhere(DomainObject<QemuRuntime> domain) {
        jobs.publish(new DomainEvent(domain.summary(), Type.STARTED, "booted"));
    }

    /** Tells a pause or resume this process learnt of from another process's record. */
    void told(DomainObject<QemuRuntime> domain, boolean paused) {
        jobs.publish(paused ? new DomainEvent(domain.summary(), Type.SUSPENDED, "paused")
                : new DomainEvent(domain.summary(), Type.RESUMED, "unpaused"));
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
