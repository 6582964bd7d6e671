package org.virtfx.drivers.qemu;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.domain.StateReason;
import org.virtfx.core.driver.DomainJobs;
import org.virtfx.core.driver.DomainObject;
import org.virtfx.core.driver.DomainObjectList;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.event.DomainEvent;
import org.virtfx.core.event.DomainEvent.Type;
import org.virtfx.plumbing.netdev.TapDevices;

/**
 * Stops VMs and notices those that end by themselves. QEMU is this application's child, so its
 * exit is seen the moment it happens and a SIGKILL is reaped at once (docs/decisions/0008).
 * Whoever sees the end first removes the taps, the VM's directory, live XML and state record,
 * and marks the domain shut off; a transient one leaves the list.
 */
final class VmStop {
    private static final System.Logger LOG = System.getLogger(VmStop.class.getName());

    private final QemuDriverConfig config;
    private final DomainObjectList<QemuRuntime> domains;
    private final DomainJobs jobs;
    private final TapDevices taps;

    /** @param taps null for a driver without taps (session) */
    VmStop(QemuDriverConfig config, DomainObjectList<QemuRuntime> domains, DomainJobs jobs, TapDevices taps) {
        this.config = config;
        this.domains = domains;
        this.jobs = jobs;
        this.taps = taps;
    }

    /** Notices a VM whose QEMU exits without being killed (powered off, crashed, killed outside). */
    void watch(DomainObject<QemuRuntime> domain, QemuRuntime runtime) {
        runtime.process().exited().whenComplete((status, failure) -> {
            StateReason reason = runtime.stopReason();
            if (reason == null) {
                reason = status != null && status == 0 ? StateReason.SHUTDOWN : StateReason.CRASHED;
            }
            DomainEvent event = finish(domain, runtime, reason);
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
        });
    }

    /** SIGKILL, reaped at once, then the clean-up. Returns the STOPPED event, or null when the VM's own end got there first. */
    DomainEvent kill(DomainObject<QemuRuntime> domain, QemuRuntime runtime, StateReason reason, boolean quiet) {
        runtime.requestStop(reason, quiet);
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
        if (!runtime.claimFinish()) {
            runtime.finished().join();
            return null;
        }
        RuntimeException failure = null;
        try {
            runtime.process().close();
            if (taps != null) {
                runtime.taps().forEach(taps::delete);
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
        String detail = switch (reason) {
            case DESTROYED -> "destroyed";
            case CRASHED -> "crashed";
            case FAILED -> "failed";
            case SAVED -> "saved";
            case FROM_SNAPSHOT -> "from snapshot";
            default -> "shutdown";
        };
        return new DomainEvent(after, Type.STOPPED, detail);
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
