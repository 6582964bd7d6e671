package org.virtfx.core.event;

/**
 * The connection was closed under the application: its daemon went away, stopped answering
 * keepalive probes, or the link failed. {@code reason} says which in words a person reads after
 * "Disconnected" ("end of file from the server", "keepalive timeout"). The objects it managed may
 * still run; the connection itself answers nothing more and has to be opened again.
 */
public record ConnectionClosedEvent(String reason) implements LifecycleEvent {
}
