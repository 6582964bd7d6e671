package org.virtfx.drivers.test;

import java.util.EnumSet;
import java.util.Set;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.ConnectionUri;
import org.virtfx.core.connect.DriverKind;
import org.virtfx.core.connect.Feature;
import org.virtfx.core.domain.DomainFamily;
import org.virtfx.core.event.EventSource;
import org.virtfx.core.host.HostFamily;
import org.virtfx.core.network.NetworkFamily;
import org.virtfx.core.storage.StorageFamily;

/** A connection to a test node. */
final class TestConnection implements Connection {
    /**
     * What libvirt's test driver offers. Its storage is bookkeeping only, so a clone "copies" a
     * plain file by naming the new one, as virt-clone does on libvirt's test driver.
     */
    private static final Set<Feature> FEATURES = Set.copyOf(EnumSet.of(Feature.SNAPSHOTS, Feature.MANAGED_SAVE,
            Feature.STORAGE_CLONE, Feature.VIRTUAL_NETWORKS, Feature.TRANSIENT_NETWORKS, Feature.STORAGE_POOLS,
            Feature.FIRMWARE_AUTOSELECT, Feature.LIVE_RESOURCE_CHANGES));

    private final ConnectionUri uri;
    private final TestNodeState state;
    private final Runnable onClose;

    TestConnection(ConnectionUri uri, TestNodeState state, Runnable onClose) {
        this.uri = uri;
        this.state = state;
        this.onClose = onClose;
    }

    @Override
    public ConnectionUri uri() {
        return uri;
    }

    @Override
    public String driverName() {
        return TestDriver.NAME;
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
        return state.host();
    }

    @Override
    public DomainFamily domains() {
        return state.domains();
    }

    @Override
    public NetworkFamily networks() {
        return state.networks();
    }

    @Override
    public StorageFamily storage() {
        return state.storage();
    }

    @Override
    public EventSource events() {
        return state.node().events();
    }

    /** The node behind this connection; for the driver's own tests. */
    TestNodeState state() {
        return state;
    }

    @Override
    public void close() {
        onClose.run();
    }
}
