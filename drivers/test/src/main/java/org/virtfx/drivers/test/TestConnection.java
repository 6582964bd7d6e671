package org.virtfx.drivers.test;

import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.ConnectionUri;
import org.virtfx.core.domain.DomainFamily;
import org.virtfx.core.event.EventSource;
import org.virtfx.core.host.HostFamily;
import org.virtfx.core.network.NetworkFamily;
import org.virtfx.core.storage.StorageFamily;

/** A connection to a test node. */
final class TestConnection implements Connection {
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
