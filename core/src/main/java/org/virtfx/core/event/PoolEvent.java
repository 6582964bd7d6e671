package org.virtfx.core.event;

import org.virtfx.core.storage.PoolSummary;

/** A storage pool was defined, undefined, started, stopped, or its volumes changed. */
public record PoolEvent(PoolSummary pool, Type type) implements LifecycleEvent {

    public enum Type {
        DEFINED, UNDEFINED, STARTED, STOPPED, REFRESHED
    }
}
