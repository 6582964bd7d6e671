package org.virtfx.app.testing;

import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.ConnectionUri;
import org.virtfx.core.domain.DomainFamily;
import org.virtfx.core.event.EventSource;
import org.virtfx.core.host.HostFamily;
import org.virtfx.core.network.NetworkFamily;
import org.virtfx.core.storage.StorageFamily;

/**
 * The test driver's domains and networks behind a driver that, like the LXC driver today, has
 * no host facts, capabilities or storage: every host and storage call is unsupported.
 */
public final class HostlessConnection implements Connection {
    private final Connection inner;

    public HostlessConnection(Connection inner) {
        this.inner = inner;
    }

    @Override
    public ConnectionUri uri() {
        return inner.uri();
    }

    @Override
    public String driverName() {
        return "lxc";
    }

    @Override
    public HostFamily host() {
        return () -> "lxc";
    }

    @Override
    public DomainFamily domains() {
        return inner.domains();
    }

    @Override
    public NetworkFamily networks() {
        return inner.networks();
    }

    @Override
    public StorageFamily storage() {
        return () -> "lxc";
    }

    @Override
    public EventSource events() {
        return inner.events();
    }

    @Override
    public void close() {
        inner.close();
    }
}
