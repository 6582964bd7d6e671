package org.virtfx.drivers.qemu;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.ConnectionUri;
import org.virtfx.core.connect.DriverKind;
import org.virtfx.core.connect.Feature;
import org.virtfx.core.domain.DomainFamily;
import org.virtfx.core.event.EventSource;
import org.virtfx.core.host.HostFamily;
import org.virtfx.core.network.NetworkFamily;
import org.virtfx.core.storage.StorageFamily;

/**
 * A connection to {@code qemu:///system}, {@code qemu:///session} or an embedded driver: VMs,
 * directory storage pools and, where the driver may make taps, the virtual networks they plug into. Closing it leaves VMs
 * running.
 */
public final class QemuConnection implements Connection {
    private final ConnectionUri uri;
    private final QemuHost host;
    private final Runnable release;
    private final Set<Feature> features;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** A connection with a state of its own; tests choose the configuration and inject failures. */
    QemuConnection(ConnectionUri uri, QemuDriverConfig config, StartProbe probe) {
        this(uri, new QemuHost(config, probe), null);
    }

    /** A connection to a shared state; {@code release} runs once when it is closed (null: close the state). */
    QemuConnection(ConnectionUri uri, QemuHost host, Runnable release) {
        this.uri = uri;
        this.host = host;
        this.release = release != null ? release : host::close;
        EnumSet<Feature> set = EnumSet.of(Feature.TEXT_CONSOLE, Feature.GRAPHICS_CONSOLE, Feature.STORAGE_POOLS,
                Feature.MANAGED_SAVE, Feature.SNAPSHOTS, Feature.LIVE_DEVICE_CHANGES);
        if (host.networks != null) {
            set.add(Feature.VIRTUAL_NETWORKS);
            set.add(Feature.TRANSIENT_NETWORKS);
            set.add(Feature.NETWORK_LEASES);
        }
        this.features = Set.copyOf(set);
    }

    @Override
    public ConnectionUri uri() {
        return uri;
    }

    @Override
    public String driverName() {
        return QemuDriver.NAME;
    }

    @Override
    public DriverKind driverKind() {
        return DriverKind.BUILTIN;
    }

    @Override
    public Set<Feature> features() {
        return features;
    }

    @Override
    public HostFamily host() {
        return host.facts;
    }

    @Override
    public DomainFamily domains() {
        return host.domains;
    }

    /** The virtual networks; a session has none, and says so as every family does. */
    @Override
    public NetworkFamily networks() {
        return host.networks != null ? host.networks : () -> QemuDriver.NAME;
    }

    /**
     * Directory pools whose volumes qemu-img makes, copies and resizes. STORAGE_CLONE is not
     * claimed: a disk outside every pool is shared by a clone, not copied.
     */
    @Override
    public StorageFamily storage() {
        return host.pools;
    }

    @Override
    public EventSource events() {
        return host.events;
    }

    @Override
    public List<String> loadWarnings() {
        return host.warnings.all();
    }

    /** How a running VM runs its guest code, and why. */
    public Acceleration acceleration(UUID uuid) {
        return host.domains.runningAcceleration(uuid);
    }

    QemuDomains qemuDomains() {
        return host.domains;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            release.run();
        }
    }
}
