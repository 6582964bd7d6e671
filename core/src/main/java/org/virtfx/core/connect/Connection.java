package org.virtfx.core.connect;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.virtfx.core.domain.DomainFamily;
import org.virtfx.core.event.ConnectionClosedEvent;
import org.virtfx.core.event.EventSource;
import org.virtfx.core.host.HostFamily;
import org.virtfx.core.network.NetworkFamily;
import org.virtfx.core.storage.StorageFamily;

/**
 * An open connection to one hypervisor host, with one object per family of operations, as
 * libvirt's driver tables split them. Every method may block: call them off the UI thread.
 */
public interface Connection extends AutoCloseable {

    ConnectionUri uri();

    /** Name of the driver behind this connection. */
    String driverName();

    /** Whether one of VirtFX's own drivers serves this connection, or libvirt's library. */
    DriverKind driverKind();

    /**
     * What this connection can do, read once when it was opened; the application offers an
     * action or page only where its feature is here.
     */
    Set<Feature> features();

    default boolean supports(Feature feature) {
        return features().contains(feature);
    }

    HostFamily host();

    /**
     * The definition and state files the driver skipped when it loaded, each naming its file
     * and why, as libvirt logs "Failed to load config" and goes on; the rest of the host loaded.
     * Empty where the driver keeps no files of its own (a remote daemon logs its own).
     */
    default List<String> loadWarnings() {
        return List.of();
    }

    DomainFamily domains();

    NetworkFamily networks();

    StorageFamily storage();

    /** Lifecycle events of this connection's objects, and its {@link ConnectionClosedEvent}. */
    EventSource events();

    /**
     * Why the connection was closed under the application, once it has been (the same words its
     * {@link ConnectionClosedEvent} carried); empty while it works. VirtFX's own drivers run in
     * the application's process and are never closed so.
     */
    default Optional<String> disconnected() {
        return Optional.empty();
    }

    /** Releases the connection; the objects it manages keep running. */
    @Override
    void close();
}
