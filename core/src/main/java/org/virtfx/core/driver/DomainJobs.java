package org.virtfx.core.driver;

import java.util.List;
import org.virtfx.core.domain.DomainJob;
import org.virtfx.core.event.DomainEvent;
import org.virtfx.core.event.EventBus;

/**
 * A driver's domain jobs, after libvirt's begin-job / end-job / queue-event pattern: the work
 * runs in the domain's job slot, and the events it returns are published once the slot and
 * every lock are released, so listeners may call back into the driver. A job that waited for a
 * domain its list has meanwhile dropped fails as libvirt's lookup would.
 */
public final class DomainJobs {
    private final DomainObjectList<?> domains;
    private final EventBus events;
    /** Held inside the job slot, so other processes' jobs wait too; null for a driver of one process. */
    private final DomainLocks locks;

    /** Jobs within this process only (a driver whose state no other process shares). */
    public DomainJobs(DomainObjectList<?> domains, EventBus events) {
        this(domains, events, null);
    }

    /** Jobs that also hold the domain's lock in {@code locks}, across processes. */
    public DomainJobs(DomainObjectList<?> domains, EventBus events, DomainLocks locks) {
        this.domains = domains;
        this.events = events;
        this.locks = locks;
    }

    /** Runs a job that publishes no event itself and returns its result. */
    public <T> T call(DomainObject<?> domain, String name, DomainJob.Work<T> work) {
        return domain.job().run(name, () -> locked(domain, name, work));
    }

    /** Runs a state change, then publishes its event (none when the work returns null). */
    public void run(DomainObject<?> domain, String name, DomainJob.Work<DomainEvent> work) {
        publish(call(domain, name, work));
    }

    /** Runs a state change that may not wait behind another job (force off), then its event. */
    public void runInterrupting(DomainObject<?> domain, String name, DomainJob.Work<DomainEvent> work) {
        publish(domain.job().runInterrupting(name, () -> locked(domain, name, work)));
    }

    /** Runs a state change with several events (a revert starts, then pauses), then publishes them in order. */
    public void runAll(DomainObject<?> domain, String name, DomainJob.Work<List<DomainEvent>> work) {
        call(domain, name, work).forEach(this::publish);
    }

    /**
     * Publishes an event from outside a job (a domain that stopped by itself). Refuses to do it
     * under one of the list's locks or a domain's monitor, where a listener calling back could
     * deadlock.
     */
    public void publish(DomainEvent event) {
        if (event == null) {
            return;
        }
        if (domains.heldByCurrentThread()) {
            throw new IllegalStateException("domain event published under the domain list's lock: " + event);
        }
        domains.byUuid(event.domain().uuid()).ifPresent(domain -> {
            if (Thread.holdsLock(domain)) {
                throw new IllegalStateException("domain event published under the domain's lock: " + event);
            }
        });
        events.publish(event);
    }

    private <T> T locked(DomainObject<?> domain, String name, DomainJob.Work<T> work) {
        requireListed(domain);
        if (locks == null) {
            return work.run();
        }
        return locks.hold(domain.uuid(), name, () -> {
            // Checked again once the lock is ours: while this job waited, the domain's end may
            // have been handled under the lock (by this process's watcher, which holds no job)
            // and a transient domain dropped. A start that went on would run a container for an
            // object nobody lists, or write its record over the one of another process's start.
            requireListed(domain);
            return work.run();
        });
    }

    private static void requireListed(DomainObject<?> domain) {
        if (domain.isRemoved()) {
            throw DomainObjectList.notFound(domain.uuid());
        }
    }
}
