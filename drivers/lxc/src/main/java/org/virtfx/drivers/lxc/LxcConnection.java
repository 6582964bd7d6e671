package org.virtfx.drivers.lxc;

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
 * A connection to {@code lxc:///}: containers and the virtual networks they plug into. Closing
 * it leaves containers and networks running; a later connection finds them again.
 */
public final class LxcConnection implements Connection {
    /** What libvirt's LXC driver offers that ours does too: container consoles and virtual networks. */
    private static final Set<Feature> FEATURES = Set.copyOf(EnumSet.of(Feature.TEXT_CONSOLE, Feature.VIRTUAL_NETWORKS,
            Feature.TRANSIENT_NETWORKS, Feature.NETWORK_LEASES));

    private final ConnectionUri uri;
    private final LxcHost host;
    private final Runnable release;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** A connection with a driver state of its own over {@code config}, on the host's cgroups. */
    public LxcConnection(ConnectionUri uri, LxcDriverConfig config) {
        this(uri, config, CgroupHierarchy.detect(config.cgroupParent()), StartProbe.NONE);
    }

    /** A connection with a state of its own; tests choose the cgroups and inject failures. */
    LxcConnection(ConnectionUri uri, LxcDriverConfig config, CgroupHierarchy cgroups, StartProbe probe) {
        this(uri, new LxcHost(config, cgroups, probe, true), null);
    }

    /** A connection to a shared state; {@code release} runs once when it is closed (null: close the state). */
    LxcConnection(ConnectionUri uri, LxcHost host, Runnable release) {
        this.uri = uri;
        this.host = host;
        this.release = release != null ? release : host::close;
    }

    @Override
    public ConnectionUri uri() {
        return uri;
    }

    @Override
    public String driverName() {
        return LxcDriver.NAME;
    }

    @Override
    public DriverKind driverKind() {
        return DriverKind.BUILTIN;
    }

    @Override
    public Set<Feature> features() {
        return FEATURES;
    }

    @Override
    public HostFamily host() {
        return host.facts;
    }

    @Override
    public DomainFamily domains() {
        return host.domains;
    }

    @Override
    public NetworkFamily networks() {
        return host.networks;
    }

    /** Opens a running container's console; see {@link ContainerConsole}. */
    public ContainerConsole openConsole(UUID uuid) {
        return host.domains.openConsole(uuid);
    }

    @Override
    public List<String> loadWarnings() {
        return host.warnings.all();
    }

    @Override
    public StorageFamily storage() {
        return () -> LxcDriver.NAME;
    }

    @Override
    public EventSource events() {
        return host.events;
    }

    LxcDomains lxcDomains() {
        return host.domains;
    }

    CgroupHierarchy cgroups() {
        return host.cgroups;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            release.run();
        }
    }
}
