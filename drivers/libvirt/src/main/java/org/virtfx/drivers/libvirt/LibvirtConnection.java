package org.virtfx.drivers.libvirt;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.ConnectionUri;
import org.virtfx.core.connect.DriverKind;
import org.virtfx.core.connect.Feature;
import org.virtfx.core.domain.DomainFamily;
import org.virtfx.core.event.EventBus;
import org.virtfx.core.event.EventSource;
import org.virtfx.core.host.HostFamily;
import org.virtfx.core.network.NetworkFamily;
import org.virtfx.core.storage.StorageFamily;
import org.virtfx.drivers.libvirt.binding.ConnectAuth;
import org.virtfx.drivers.libvirt.binding.ConnectEvents;
import org.virtfx.drivers.libvirt.binding.VirConnect;

/**
 * A connection through libvirt's client library. Its events come from libvirt's callbacks; when
 * libvirt closes it (the daemon went away, keepalive timed out) {@link #disconnected()} says why.
 */
public final class LibvirtConnection implements Connection {
    private final ConnectionUri uri;
    private final VirConnect conn;
    private final Set<Feature> features;
    private final LibvirtHost host;
    private final LibvirtDomains domains;
    private final LibvirtNetworks networks;
    private final LibvirtStorage storage;
    private final EventBus bus = new EventBus();
    private final LibvirtEvents events;
    private final ConnectEvents registrations;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LibvirtConnection(ConnectionUri uri, VirConnect conn, GraphicsRoute graphics) {
        this.uri = uri;
        this.conn = conn;
        this.features = LibvirtFeatures.of(conn, uri);
        this.domains = new LibvirtDomains(conn, graphics);
        this.host = new LibvirtHost(conn, domains);
        this.networks = new LibvirtNetworks(conn);
        this.storage = new LibvirtStorage(conn);
        this.events = new LibvirtEvents(bus, storage, uri.text());
        this.registrations = ConnectEvents.register(conn, events);
    }

    /** Opens the URI through libvirt, asking {@code auth} for credentials, with the usual keepalive. */
    static LibvirtConnection open(ConnectionUri uri, ConnectAuth auth) {
        return open(uri, auth, Keepalive.USUAL);
    }

    /**
     * Opens the URI and, where the connection goes through a daemon, has libvirt probe it
     * ({@code virConnectSetKeepAlive}), so a daemon that died or hangs closes the connection
     * within {@link Keepalive#limit()} and {@link #disconnected()} says why.
     */
    static LibvirtConnection open(ConnectionUri uri, ConnectAuth auth, Keepalive keepalive) {
        return open(uri, auth, keepalive, GraphicsRoute.PASSED_DESCRIPTOR);
    }

    /** Opens the URI, reaching the domains' graphics by {@code graphics}. */
    static LibvirtConnection open(ConnectionUri uri, ConnectAuth auth, Keepalive keepalive, GraphicsRoute graphics) {
        VirConnect conn = VirConnect.open(uri.text(), auth, 0);
        try {
            conn.setKeepAlive(keepalive.intervalSeconds(), keepalive.count());
            return new LibvirtConnection(uri, conn, graphics);
        } catch (RuntimeException e) {
            conn.close();
            throw e;
        }
    }

    @Override
    public ConnectionUri uri() {
        return uri;
    }

    @Override
    public String driverName() {
        return LibvirtDriver.NAME;
    }

    @Override
    public DriverKind driverKind() {
        return DriverKind.LIBVIRT;
    }

    @Override
    public Set<Feature> features() {
        return features;
    }

    @Override
    public HostFamily host() {
        return host;
    }

    @Override
    public DomainFamily domains() {
        return domains;
    }

    @Override
    public NetworkFamily networks() {
        return networks;
    }

    @Override
    public StorageFamily storage() {
        return storage;
    }

    @Override
    public EventSource events() {
        return bus;
    }

    /**
     * Why libvirt closed the connection under us ("end of file from the server", "keepalive
     * timeout"), from its close callback; empty while it is open.
     */
    @Override
    public Optional<String> disconnected() {
        return events.disconnected();
    }

    /** Deregisters the callbacks, delivers the events already queued, then drops the connection. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            registrations.close();
            events.shutdown();
            conn.close();
        }
    }
}
