package org.virtfx.drivers.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtfx.core.auth.CredentialPrompt;
import org.virtfx.core.auth.CredentialRequest;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.ConnectionUri;
import org.virtfx.core.connect.DriverChoice;
import org.virtfx.core.connect.DriverKind;
import org.virtfx.core.connect.DriverRegistry;
import org.virtfx.core.connect.Feature;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.drivers.libvirt.binding.LibvirtLibrary;

class LibvirtDriverTest {
    @TempDir
    Path run;

    private LibvirtDriver driver(String soname) {
        return new LibvirtDriver(soname, new DaemonSockets(run.resolve("system"), run.resolve("session"),
                Duration.ofMillis(200)));
    }

    @Test
    void aMissingLibraryFailsSayingWhichPackageBringsIt() {
        LibvirtDriver missing = driver("libvirt-absent.so.0");
        VirtException e = assertThrows(VirtException.class,
                () -> missing.open(ConnectionUri.parse("qemu:///system")));
        assertEquals("libvirt's client library libvirt-absent.so.0 is not installed (Debian package libvirt0)",
                e.getMessage());
        assertEquals(ErrorCode.NO_CONNECT, e.code());
        assertFalse(missing.preferredAutomatically(ConnectionUri.parse("qemu+ssh://root@host/system")));
    }

    @Test
    void theRealLibraryIsNamedInTheMessage() {
        assertEquals("libvirt's client library libvirt.so.0 is not installed (Debian package libvirt0)",
                LibvirtLibrary.notInstalled(LibvirtLibrary.SONAME));
        assertEquals(Optional.empty(), LibvirtLibrary.unavailable(LibvirtLibrary.SONAME));
    }

    @Test
    void preferredForRemoteUrisAndAnsweringDaemonsNeverForTest() throws IOException {
        LibvirtDriver libvirt = driver(LibvirtLibrary.SONAME);
        assertFalse(libvirt.preferredAutomatically(ConnectionUri.parse("test:///default")));
        assertTrue(libvirt.preferredAutomatically(ConnectionUri.parse("qemu+ssh://root@host.example/system")));
        assertTrue(libvirt.preferredAutomatically(ConnectionUri.parse("qemu://host.example/system")));
        ConnectionUri system = ConnectionUri.parse("qemu:///system");
        assertFalse(libvirt.preferredAutomatically(system), "no daemon socket");

        Path dir = Files.createDirectories(run.resolve("system"));
        Path socket = dir.resolve("virtqemud-sock");
        try (ServerSocketChannel daemon = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            daemon.bind(UnixDomainSocketAddress.of(socket));
            assertTrue(libvirt.preferredAutomatically(system), "virtqemud answers");
            assertFalse(libvirt.preferredAutomatically(ConnectionUri.parse("lxc:///system")), "no virtlxcd");
        }
        // The daemon is gone, its socket file stays: nothing answers.
        assertTrue(Files.exists(socket));
        assertFalse(libvirt.preferredAutomatically(system));
    }

    @Test
    void socketsFollowLibvirtsNames() {
        DaemonSockets sockets = new DaemonSockets(Path.of("/run/libvirt"), Path.of("/run/user/1000/libvirt"),
                Duration.ofMillis(200));
        assertEquals(List.of(Path.of("/run/libvirt/virtqemud-sock"), Path.of("/run/libvirt/virtqemud-sock-ro"),
                Path.of("/run/libvirt/libvirt-sock"), Path.of("/run/libvirt/libvirt-sock-ro")),
                sockets.candidates(ConnectionUri.parse("qemu:///system")));
        assertEquals(Path.of("/run/user/1000/libvirt/virtqemud-sock"),
                sockets.candidates(ConnectionUri.parse("qemu:///session")).get(0));
        assertEquals(Path.of("/run/libvirt/virtlxcd-sock"), sockets.candidates(ConnectionUri.parse("lxc:///")).get(0));
        assertEquals(Path.of("/run/libvirt/libvirt-sock"), sockets.candidates(ConnectionUri.parse("openvz:///system")).get(0));
    }

    @Test
    void theRegistryHandsTheLibvirtChoiceToThisDriver() {
        DriverRegistry registry = new DriverRegistry(List.of(new LibvirtDriver()));
        try (Connection connection = registry.open("test:///default", DriverChoice.LIBVIRT)) {
            assertInstanceOf(LibvirtConnection.class, connection);
            assertEquals(DriverKind.LIBVIRT, connection.driverKind());
            assertEquals("libvirt", connection.driverName());
            assertEquals(Set.of(Feature.SNAPSHOTS, Feature.MANAGED_SAVE, Feature.STORAGE_CLONE,
                    Feature.VIRTUAL_NETWORKS, Feature.TRANSIENT_NETWORKS, Feature.STORAGE_POOLS,
                    Feature.FIRMWARE_AUTOSELECT, Feature.LIVE_RESOURCE_CHANGES, Feature.USB_HOST_DEVICES,
                    Feature.PCI_HOST_DEVICES, Feature.MEDIATED_HOST_DEVICES), connection.features());
            assertEquals(Optional.empty(), ((LibvirtConnection) connection).disconnected());
        }
        assertEquals(Optional.empty(), new LibvirtDriver().open(ConnectionUri.parse("nosuch:///x")));
    }

    @Test
    void libvirtsOpenErrorReachesTheUser() {
        DriverRegistry registry = new DriverRegistry(List.of(new LibvirtDriver()));
        VirtException e = assertThrows(VirtException.class,
                () -> registry.open("test:///no/such/node.xml", DriverChoice.LIBVIRT));
        assertTrue(e.getMessage().contains("/no/such/node.xml"), e.getMessage());
    }

    @Test
    void libvirtsCredentialRequestsGoToTheRegistrysPrompt() throws IOException {
        Path node = run.resolve("auth.xml");
        Files.writeString(node, "<node><auth><user password='s3cret'>alice</user></auth></node>");
        String uri = "test://" + node;
        List<List<CredentialRequest>> asked = new java.util.ArrayList<>();
        CredentialPrompt person = (connection, requests) -> {
            assertEquals(uri, connection);
            asked.add(requests);
            return Optional.of(requests.stream().map(r -> r.secret() ? "s3cret" : "alice").toList());
        };
        try (Connection connection = new DriverRegistry(List.of(new LibvirtDriver()), person).open(uri, DriverChoice.LIBVIRT)) {
            assertEquals(DriverKind.LIBVIRT, connection.driverKind());
        }
        // libvirt's test driver asks for the name, then the password, each in a callback of its own.
        assertEquals(List.of(CredentialRequest.Kind.USER_NAME, CredentialRequest.Kind.PASSWORD),
                asked.stream().flatMap(List::stream).map(CredentialRequest::kind).toList());
        assertEquals(List.of(false, true), asked.stream().flatMap(List::stream).map(CredentialRequest::secret).toList());

        VirtException cancelled = assertThrows(VirtException.class, () -> new DriverRegistry(List.of(new LibvirtDriver()),
                (connection, requests) -> Optional.empty()).open(uri, DriverChoice.LIBVIRT));
        assertEquals("authentication failed: Username request failed (libvirt asked for: authentication name; not given)",
                cancelled.getMessage());
    }
}
