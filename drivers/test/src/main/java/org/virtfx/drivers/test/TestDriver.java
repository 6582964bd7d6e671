package org.virtfx.drivers.test;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.ConnectionDriver;
import org.virtfx.core.connect.ConnectionUri;
import org.virtfx.core.connect.DriverKind;
import org.virtfx.core.driver.SharedDriverState;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/**
 * The built-in {@code test:///} driver, after libvirt's: {@code test:///default} is a fixed
 * host whose state every connection of the process shares while any is open, and
 * {@code test:///ABS/PATH.xml} loads a node file into a private state for each connection.
 */
public final class TestDriver implements ConnectionDriver {
    static final String NAME = "test";

    /**
     * The shared default node. Process-wide state is the point here: libvirt's test driver
     * shares test:///default between all connections of a process, and starts it afresh once
     * the last one is closed.
     */
    private static final SharedDriverState<String, TestNodeState> DEFAULT = new SharedDriverState<>(state -> { });

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public DriverKind kind() {
        return DriverKind.BUILTIN;
    }

    @Override
    public Set<String> schemes() {
        return Set.of(NAME);
    }

    @Override
    public Optional<Connection> open(ConnectionUri uri) {
        if (!uri.driver().equals(NAME) || !uri.isLocal()) {
            return Optional.empty();
        }
        String path = uri.path();
        if (path.isEmpty() || path.equals("/")) {
            throw VirtException.of(ErrorCode.INVALID_ARG, "testOpen: supply a path or use test:///default");
        }
        if (path.equals("/default")) {
            return Optional.of(openDefault(uri));
        }
        TestNodeState state = new TestNodeLoader().loadFile(Path.of(path));
        return Optional.of(new TestConnection(uri, state, () -> { }));
    }

    private static Connection openDefault(ConnectionUri uri) {
        SharedDriverState.Lease<TestNodeState> lease = DEFAULT.open(uri.path(), path -> new TestNodeLoader().loadDefault());
        return new TestConnection(uri, lease.state(), lease::close);
    }
}
