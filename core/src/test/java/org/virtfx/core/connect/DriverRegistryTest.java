package org.virtfx.core.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.virtfx.core.auth.CredentialPrompt;
import org.virtfx.core.auth.CredentialRequest;
import org.virtfx.core.domain.DomainFamily;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.event.EventBus;
import org.virtfx.core.event.EventSource;
import org.virtfx.core.host.HostFamily;
import org.virtfx.core.network.NetworkFamily;
import org.virtfx.core.storage.StorageFamily;

class DriverRegistryTest {

    /** A driver whose kind, preference and answer each test sets; it counts its opens. */
    private static class FakeDriver implements ConnectionDriver {
        private final String name;
        private final DriverKind kind;
        private final boolean preferred;
        private final Function<ConnectionUri, Optional<Connection>> answer;
        private final List<String> opened = new ArrayList<>();

        FakeDriver(String name, DriverKind kind, boolean preferred, Function<ConnectionUri, Optional<Connection>> answer) {
            this.name = name;
            this.kind = kind;
            this.preferred = preferred;
            this.answer = answer;
        }

        static FakeDriver opening(String name, DriverKind kind, boolean preferred) {
            return new FakeDriver(name, kind, preferred, uri -> Optional.of(new BareConnection(uri, name, kind)));
        }

        static FakeDriver failing(String name, DriverKind kind, boolean preferred, String why) {
            return new FakeDriver(name, kind, preferred, uri -> {
                throw VirtException.of(ErrorCode.NO_CONNECT, why);
            });
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public DriverKind kind() {
            return kind;
        }

        @Override
        public boolean preferredAutomatically(ConnectionUri uri) {
            return preferred;
        }

        @Override
        public Set<String> schemes() {
            return Set.of("qemu", "lxc");
        }

        @Override
        public Optional<Connection> open(ConnectionUri uri) {
            opened.add(uri.text());
            return answer.apply(uri);
        }
    }

    /** The smallest connection: every family falls back to its "unsupported" defaults. */
    private record BareConnection(ConnectionUri uri, String driverName, DriverKind driverKind) implements Connection {
        @Override
        public Set<Feature> features() {
            return Set.of();
        }

        @Override
        public HostFamily host() {
            return () -> driverName;
        }

        @Override
        public DomainFamily domains() {
            return () -> driverName;
        }

        @Override
        public NetworkFamily networks() {
            return () -> driverName;
        }

        @Override
        public StorageFamily storage() {
            return () -> driverName;
        }

        @Override
        public EventSource events() {
            return new EventBus();
        }

        @Override
        public void close() {
        }
    }

    private static String servedBy(DriverRegistry registry, String uri, DriverChoice choice) {
        Connection c = registry.open(uri, choice);
        return c.driverName() + "/" + c.driverKind().label();
    }

    @Test
    void autoTakesTheBuiltInDriverWhenLibvirtIsNotPreferred() {
        FakeDriver libvirt = FakeDriver.opening("libvirt", DriverKind.LIBVIRT, false);
        DriverRegistry registry = new DriverRegistry(List.of(libvirt, FakeDriver.opening("qemu", DriverKind.BUILTIN, false)));
        assertEquals("qemu/built-in", servedBy(registry, "qemu:///system", DriverChoice.AUTO));
        assertEquals(List.of(), libvirt.opened, "a libvirt driver that is not preferred is not even tried first");
    }

    @Test
    void autoTakesLibvirtWhenItsLibraryIsThereAndTheUriIsRemoteOrItsDaemonAnswers() {
        DriverRegistry registry = new DriverRegistry(List.of(FakeDriver.opening("qemu", DriverKind.BUILTIN, false),
                FakeDriver.opening("libvirt", DriverKind.LIBVIRT, true)));
        assertEquals("libvirt/libvirt", servedBy(registry, "qemu:///system", DriverChoice.AUTO));
    }

    @Test
    void aRefusalHandsTheUriToTheNextDriver() {
        DriverRegistry failingLibvirt = new DriverRegistry(List.of(
                FakeDriver.failing("libvirt", DriverKind.LIBVIRT, true, "daemon went away"),
                FakeDriver.opening("qemu", DriverKind.BUILTIN, false)));
        assertEquals("qemu/built-in", servedBy(failingLibvirt, "qemu:///system", DriverChoice.AUTO));

        DriverRegistry decliningBuiltin = new DriverRegistry(List.of(
                new FakeDriver("lxc", DriverKind.BUILTIN, false, uri -> Optional.empty()),
                FakeDriver.opening("libvirt", DriverKind.LIBVIRT, false)));
        assertEquals("libvirt/libvirt", servedBy(decliningBuiltin, "lxc:///", DriverChoice.AUTO),
                "a libvirt driver that is not preferred is still tried after the built-in ones");

        DriverRegistry throwingBuiltin = new DriverRegistry(List.of(
                FakeDriver.failing("lxc", DriverKind.BUILTIN, false, "lxc:/// needs root"),
                FakeDriver.opening("libvirt", DriverKind.LIBVIRT, false)));
        assertEquals("libvirt/libvirt", servedBy(throwingBuiltin, "lxc:///", DriverChoice.AUTO));
    }

    @Test
    void anExplicitChoiceUsesOnlyDriversOfThatKind() {
        FakeDriver builtin = FakeDriver.opening("qemu", DriverKind.BUILTIN, false);
        FakeDriver libvirt = FakeDriver.opening("libvirt", DriverKind.LIBVIRT, true);
        DriverRegistry registry = new DriverRegistry(List.of(libvirt, builtin));
        assertEquals("qemu/built-in", servedBy(registry, "qemu:///system", DriverChoice.BUILTIN));
        assertEquals(List.of(), libvirt.opened);
        assertEquals("libvirt/libvirt", servedBy(new DriverRegistry(List.of(builtin,
                FakeDriver.opening("libvirt", DriverKind.LIBVIRT, false))), "qemu:///system", DriverChoice.LIBVIRT),
                "libvirt chosen by the user is used even where auto would not prefer it");
        VirtException failed = assertThrows(VirtException.class, () -> new DriverRegistry(List.of(builtin,
                FakeDriver.failing("libvirt", DriverKind.LIBVIRT, false, "cannot connect"))).open("qemu:///system",
                DriverChoice.LIBVIRT));
        assertTrue(failed.getMessage().endsWith("cannot connect"), "an explicit choice never falls back to the other kind: "
                + failed.getMessage());
    }

    @Test
    void choosingLibvirtWithoutItsDriverSaysSo() {
        DriverRegistry registry = new DriverRegistry(List.of(FakeDriver.opening("qemu", DriverKind.BUILTIN, false)));
        VirtException e = assertThrows(VirtException.class, () -> registry.open("qemu:///system", DriverChoice.LIBVIRT));
        assertEquals(ErrorCode.NO_CONNECT, e.code());
        assertEquals("no libvirt driver is installed to open qemu:///system (choose another driver, or auto)", e.getMessage());
    }

    @Test
    void whenEveryDriverFailsTheBestRankedErrorLeadsAndTheOthersFollow() {
        DriverRegistry registry = new DriverRegistry(List.of(
                FakeDriver.failing("qemu", DriverKind.BUILTIN, false, "no qemu-system-x86_64"),
                FakeDriver.failing("libvirt", DriverKind.LIBVIRT, false, "libvirt.so.0 is not installed")));
        VirtException e = assertThrows(VirtException.class, () -> registry.open("qemu:///system"));
        assertTrue(e.getMessage().endsWith("no qemu-system-x86_64"), e.getMessage());
        assertTrue(e.detail().contains("qemu (built-in): ") && e.detail().contains("libvirt (libvirt): "), e.detail());
        assertEquals(1, e.getSuppressed().length);
    }

    @Test
    void rankingPutsPreferredLibvirtFirstThenBuiltInThenTheRest() {
        ConnectionDriver lazy = FakeDriver.opening("libvirt-b", DriverKind.LIBVIRT, false);
        ConnectionDriver builtin = FakeDriver.opening("qemu", DriverKind.BUILTIN, false);
        ConnectionDriver eager = FakeDriver.opening("libvirt-a", DriverKind.LIBVIRT, true);
        DriverRegistry registry = new DriverRegistry(List.of(lazy, builtin, eager));
        ConnectionUri uri = ConnectionUri.parse("qemu:///system");
        assertEquals(List.of(eager, builtin, lazy), registry.ranked(uri, DriverChoice.AUTO));
        assertEquals(List.of(builtin), registry.ranked(uri, DriverChoice.BUILTIN));
        assertEquals(List.of(lazy, eager), registry.ranked(uri, DriverChoice.LIBVIRT));
        assertEquals(List.of(), registry.ranked(ConnectionUri.parse("xen:///"), DriverChoice.AUTO));
    }

    @Test
    void driverChoicesReadTheirWordsAndRefuseOthers() {
        assertEquals(DriverChoice.LIBVIRT, DriverChoice.parse("libvirt"));
        assertEquals("builtin", DriverChoice.BUILTIN.key());
        assertEquals("invalid argument: unknown driver choice 'native' (expected auto, libvirt, builtin)",
                assertThrows(VirtException.class, () -> DriverChoice.parse("native")).getMessage());
    }

    private final BareConnection bare = new BareConnection(ConnectionUri.parse("qemu:///mine"), "bare", DriverKind.BUILTIN);
    private final DriverRegistry registry = new DriverRegistry(List.of(new FakeDriver("picky", DriverKind.BUILTIN, false,
            uri -> uri.path().equals("/mine") ? Optional.of(bare) : Optional.empty())));

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

    @Test
    void theRegistryHandsItsCredentialPromptToTheDriverThatOpens() {
        List<String> askedFor = new ArrayList<>();
        CredentialPrompt prompt = (connection, requests) -> {
            askedFor.add(connection);
            return Optional.of(List.of("alice"));
        };
        ConnectionDriver asking = new FakeDriver("asking", DriverKind.LIBVIRT, true, uri -> Optional.empty()) {
            @Override
            public Optional<Connection> open(ConnectionUri uri, CredentialPrompt given) {
                List<String> answers = given.ask(uri.text(), List.of(new CredentialRequest(CredentialRequest.Kind.USER_NAME, "", "")))
                        .orElseThrow();
                return Optional.of(new BareConnection(uri, answers.get(0), DriverKind.LIBVIRT));
            }
        };
        Connection opened = new DriverRegistry(List.of(asking), prompt).open("qemu+ssh://host/system");
        assertEquals("alice", opened.driverName());
        assertEquals(List.of("qemu+ssh://host/system"), askedFor);
        // Without a prompt, the registry's drivers are asked to open with NONE, which refuses.
        assertThrows(java.util.NoSuchElementException.class, () -> new DriverRegistry(List.of(asking)).open("qemu:///system"));
    }
}
