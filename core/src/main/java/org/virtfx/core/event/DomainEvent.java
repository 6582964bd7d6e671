package org.virtfx.core.event;

import org.virtfx.core.domain.DomainSummary;

/**
 * A domain changed: its summary after the change, what kind of change, and libvirt's detail
 * word for it ("booted", "paused", "destroyed", "shutdown", "added", "updated"...).
 */
public record DomainEvent(DomainSummary domain, Type type, String detail) implements LifecycleEvent {

    /** libvirt's lifecycle event types. */
    public enum Type {
        DEFINED, UNDEFINED, STARTED, SUSPENDED, RESUMED, STOPPED, SHUTDOWN, REBOOTED
    }
}
