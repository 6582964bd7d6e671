package org.virtfx.core.event;

/** Something that happened to an object of a connection; delivered after driver locks are released. */
public sealed interface LifecycleEvent permits DomainEvent, NetworkEvent, PoolEvent {
}
