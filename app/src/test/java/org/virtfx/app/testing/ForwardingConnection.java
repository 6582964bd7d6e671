package org.virtfx.app.testing;

import java.util.List;
import java.util.Optional;
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

/** A connection that passes every call to another; tests override what they change. */
public abstract class ForwardingConnection implements Connection {
    protected final Connection inner;

    protected ForwardingConnection(Connection inner) {
        this.inner = inner;
    }

    @Override
    public ConnectionUri uri() {
        return inner.uri();
    }

    @Override
    public String driverName() {
        return inner.driverName();
    }

    @Override
    public DriverKind driverKind() {
        return inner.driverKind();
    }

    @Override
    public Set<Feature> features() {
        return inner.features();
    }

    @Override
    public HostFamily host() {
        return inner.host();
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
        return inner.storage();
    }

    @Override
    public List<String> loadWarnings() {
        return inner.loadWarnings();
    }

    @Override
    public Optional<String> disconnected() {
        return inner.disconnected();
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
