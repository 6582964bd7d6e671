package org.virtfx.core.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.virtfx.core.domain.DomainFamily;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.event.EventBus;
import org.virtfx.core.event.EventSource;
import org.virtfx.core.host.HostFamily;
import org.virtfx.core.network.NetworkFamily;
import org.virtfx.core.storage.StorageFamily;

class DriverRegistryTest {

    /** A driver that claims only URIs whose path is /mine, to show declining. */
    private record PickyDriver(String name, Connection connection) implements ConnectionDriver {
        @Override
        public Set<String> schemes() {
            return Set.of("qemu", "lxc");
        }

        @Override
        public Optional<Connection> open(ConnectionUri uri) {
            return uri.path().equals("/mine") ? Optional.of(connection) : Optional.empty();
        }
    }

    /** The smallest connection: every family falls back to its "unsupported" defaults. */
    private record BareConnection(ConnectionUri uri) implements Connection {
        @Override
        public String driverName() {
            return "bare";
        }

        @Override
        public HostFamily host() {
            return () -> "bare";
        }

        @Override
        public DomainFamily domains() {
            return () -> "bare";
        }

        @Override
        public NetworkFamily networks() {
            return () -> "bare";
        }

        @Override
        public StorageFamily storage() {
            return () -> "bare";
        }

        @Override
        public EventSource events() {
            return new EventBus();
        }

        @Override
        public void close() {
        }
    }

    private final BareConnection bare = new BareConnection(ConnectionUri.parse("qemu:///mine"));
    private final DriverRegistry registry = new DriverRegistry(List.of(new PickyDriver("picky", bare)));

    @Test
    void theClaimingDriverOpensTheUri() {
        assertSame(bare, registry.open("qemu:///mine"));
    }

    @Test
    void unclaimedUrisListTheSchemesThereAre() {
        VirtException e = assertThrows(VirtException.class, () -> registry.open("qemu:///system"));
        assertEquals(ErrorCode.NO_CONNECT, e.code());
        assertEquals("no connection driver available for qemu:///system (available schemes: lxc, qemu)", e.getMessage());
        assertEquals("no connection driver available for xen:/// (available schemes: lxc, qemu)",
                assertThrows(VirtException.class, () -> registry.open("xen:///")).getMessage());
    }

    @Test
    void malformedUrisSayWhatIsWrong() {
        assertEquals("invalid argument: invalid connection URI 'test': no scheme (expected something like test:///default)",
                assertThrows(VirtException.class, () -> registry.open("test")).getMessage());
        assertEquals(ErrorCode.INVALID_ARG, assertThrows(VirtException.class, () -> registry.open("qemu:// bad")).code());
        assertEquals(ErrorCode.INVALID_ARG, assertThrows(VirtException.class, () -> registry.open(" ")).code());
    }

    @Test
    void familiesAnUnimplementedDriverLacksFailAsUnsupported() {
        VirtException e = assertThrows(VirtException.class, () -> bare.domains().start(java.util.UUID.randomUUID()));
        assertEquals(ErrorCode.NO_SUPPORT, e.code());
        assertEquals("this function is not supported by the connection driver: start (unsupported by bare)", e.getMessage());
        assertEquals(ErrorCode.NO_SUPPORT, assertThrows(VirtException.class, () -> bare.host().nodeInfo()).code());
    }

    @Test
    void remoteUrisSplitIntoTheirParts() {
        ConnectionUri uri = ConnectionUri.parse("qemu+ssh://root@host.example:2222/system?keyfile=%2Froot%2Fk");
        assertEquals("qemu", uri.driver());
        assertEquals("ssh", uri.transport());
        assertEquals("root", uri.user());
        assertEquals("host.example", uri.host());
        assertEquals(2222, uri.port());
        assertEquals("/system", uri.path());
        assertEquals(Map.of("keyfile", "/root/k"), uri.parameters());
        assertEquals(false, uri.isLocal());
        assertEquals(true, ConnectionUri.parse("test:///default").isLocal());
    }
}
