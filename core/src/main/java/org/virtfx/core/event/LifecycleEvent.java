package org.virtfx.core.event;

/**
 * Something that happened to an object of a connection, or to the connection itself; delivered
 * after driver locks are released.
 */
public sealed interface LifecycleEvent permits DomainEvent, NetworkEvent, PoolEvent, ConnectionClosedEvent {
}
