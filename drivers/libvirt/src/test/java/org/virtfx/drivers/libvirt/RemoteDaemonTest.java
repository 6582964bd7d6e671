package org.virtfx.drivers.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.ByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtfx.core.auth.CredentialPrompt;
import org.virtfx.core.auth.CredentialRequest;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.DriverChoice;
import org.virtfx.core.connect.DriverRegistry;
import org.virtfx.core.connect.Feature;
import org.virtfx.core.event.ConnectionClosedEvent;
import org.virtfx.core.event.DomainEvent;
import org.virtfx.core.event.LifecycleEvent;
import org.virtfx.core.error.VirtException;

/**
 * {@code qemu+ssh://root@127.0.0.1:PORT/system}: libvirt's ssh transport to an sshd of the
 * test's own ({@link PrivateSshd}) and, through {@code nc} on the far side, a libvirtd of its own
 * ({@link PrivateLibvirtd}). ssh's passphrase and password prompts come back through
 * virtfx-askpass to the registry's {@link CredentialPrompt}, as they would to the GUI's dialog.
 */
class RemoteDaemonTest {
    @TempDir
    Path keys;
    private final List<AutoCloseable> opened = new ArrayList<>();
    private final BlockingQueue<LifecycleEvent> heard = new LinkedBlockingQueue<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    private <T extends AutoCloseable> T keep(T resource) {
        opened.add(resource);
        return resource;
    }

    /** A prompt that answers with {@code answer} and records what it was asked. */
    private static CredentialPrompt answering(String answer, List<CredentialRequest> asked) {
        return (connection, requests) -> {
            asked.addAll(requests);
            return Optional.of(requests.stream().map(r -> answer).toList());
        };
    }

    private <E extends LifecycleEvent> E next(Class<E> type, Duration within) throws InterruptedException {
        return HeardEvents.next(heard, type, within, () -> "");
    }

    @Test
    void eventsComeOverSshADeadDaemonClosesTheConnectionAndTheSameUriReconnectsToItsSuccessor() throws Exception {
        Path key = PrivateSshd.userKey(keys, "key passphrase 7");
        PrivateSshd sshd = keep(PrivateSshd.start(key, Optional.empty()));
        PrivateLibvirtd first = keep(PrivateLibvirtd.start());
        // The URI names a link, so the restarted daemon (a new directory) is reached by the same URI.
        Path socket = keys.resolve("libvirt-sock");
        Files.createSymbolicLink(socket, first.socket());
        String uri = sshd.uri(socket, Optional.of(key));
        List<CredentialRequest> asked = new ArrayList<>();
        DriverRegistry registry = new DriverRegistry(List.of(new LibvirtDriver()), answering("key passphrase 7", asked));

        Connection connection = keep(open(registry, uri, sshd));
        assertEquals(List.of(CredentialRequest.Kind.PASSPHRASE), asked.stream().map(CredentialRequest::kind).toList(),
                "ssh asked for the key's passphrase through virtfx-askpass");
        assertEquals("Enter passphrase for key '" + key + "'", asked.get(0).label());
        connection.events().subscribe(heard::add);

        UUID uuid = connection.domains().define(LibvirtTestGuest.get().domainXml("remote-guest")).uuid();
        DomainEvent defined = next(DomainEvent.class, Duration.ofSeconds(30));
        assertEquals(DomainEvent.Type.DEFINED, defined.type());
        assertEquals(uuid, defined.domain().uuid());
        connection.domains().undefine(uuid);
        assertEquals(DomainEvent.Type.UNDEFINED, next(DomainEvent.class, Duration.ofSeconds(30)).type());

        first.kill();
        ConnectionClosedEvent closed = next(ConnectionClosedEvent.class, Duration.ofSeconds(20));
        assertTrue(connection.disconnected().isPresent(), "the close callback marked the connection disconnected");
        assertEquals(Optional.of(closed.reason()), connection.disconnected());
        connection.close();

        PrivateLibvirtd second = keep(PrivateLibvirtd.start());
        Files.delete(socket);
        Files.createSymbolicLink(socket, second.socket());
        Connection again = keep(open(registry, uri, sshd));
        assertEquals(Optional.empty(), again.disconnected());
        assertEquals(List.of(), again.domains().list(), "the new daemon answers over the same URI");
    }

    @Test
    void rootsPasswordIsAskedThroughTheAskpassAndAWrongOneOrACancelFailsTheOpen() throws Exception {
        Path key = PrivateSshd.userKey(keys, "unused passphrase");
        PrivateSshd sshd = keep(PrivateSshd.start(key, Optional.of("root pass 9")));
        PrivateLibvirtd daemon = keep(PrivateLibvirtd.start());
        // No keyfile: the encrypted key is not offered, so ssh falls back to the password.
        String uri = sshd.uri(daemon.socket(), Optional.empty());

        List<CredentialRequest> asked = new ArrayList<>();
        Connection connection = keep(open(new DriverRegistry(List.of(new LibvirtDriver()), answering("root pass 9", asked)),
                uri, sshd));
        assertEquals(List.of(CredentialRequest.Kind.PASSWORD), asked.stream().map(CredentialRequest::kind).toList());
        assertEquals("root@127.0.0.1's password", asked.get(0).label());
        assertTrue(connection.host().nodeInfo().cpus() > 0);

        // ssh asks up to three times; after a Cancel the person is not asked again.
        List<String> cancels = new ArrayList<>();
        VirtException cancelled = assertThrows(VirtException.class, () -> new DriverRegistry(List.of(new LibvirtDriver()),
                (c, r) -> {
                    cancels.add(r.get(0).prompt());
                    return Optional.empty();
                }).open(uri, DriverChoice.LIBVIRT));
        assertEquals(List.of("root@127.0.0.1's password:"), cancels);
        assertTrue(cancelled.getMessage().contains("virtfx-askpass: refused: cancelled"), cancelled.getMessage());
    }

    @Test
    void theConsoleReachesARemoteGuestsVncServerThroughSshWithNoPortOpenedHere() throws Exception {
        Path key = PrivateSshd.userKey(keys, "key passphrase 3");
        PrivateSshd sshd = keep(PrivateSshd.start(key, Optional.empty()));
        PrivateLibvirtd daemon = keep(PrivateLibvirtd.start());
        List<CredentialRequest> asked = new ArrayList<>();
        Connection connection = keep(open(new DriverRegistry(List.of(new LibvirtDriver()),
                answering("key passphrase 3", asked)), sshd.uri(daemon.socket(), Optional.of(key)), sshd));
        assertTrue(connection.supports(Feature.GRAPHICS_CONSOLE), "over ssh the console goes through ssh");

        // The server listens on a UNIX socket on the remote host; ssh's nc is the only way in.
        Path socket = keys.resolve("vnc.sock");
        UUID uuid = connection.domains().define(LibvirtTestGuest.get().domainXml("remote-vnc",
                "<listen type='socket' socket='" + socket + "'/>")).uuid();
        connection.domains().start(uuid);
        try {
            asked.clear();
            try (ByteChannel vnc = connection.domains().openGraphics(uuid)) {
                assertEquals(List.of(CredentialRequest.Kind.PASSPHRASE),
                        asked.stream().map(CredentialRequest::kind).toList(),
                        "the console's ssh asked for the key's passphrase through the connection's prompt");
                int[] size = RfbHandshake.serverSize(vnc);
                assertTrue(size[0] > 0 && size[1] > 0, "the guest's screen size: " + size[0] + "x" + size[1]);
            }
            assertEquals(List.of(), sshsRunning(" -U '" + socket + "'"), "closing the console ends its ssh");
        } finally {
            connection.domains().destroy(uuid);
            connection.domains().undefine(uuid);
        }
        VirtException stopped = assertThrows(VirtException.class, () -> connection.domains().openGraphics(uuid));
        assertTrue(stopped.getMessage().contains("not"), stopped.getMessage());
    }

    /** This JVM's descendants whose command line names {@code target}, after a moment to end. */
    private static List<String> sshsRunning(String target) throws InterruptedException {
        List<String> left = List.of();
        for (int i = 0; i < 50; i++) {
            left = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                    .map(p -> p.info().commandLine().orElse("")).filter(line -> line.contains(target)).toList();
            if (left.isEmpty()) {
                break;
            }
            Thread.sleep(100);
        }
        return left;
    }

    private static Connection open(DriverRegistry registry, String uri, PrivateSshd sshd) {
        try {
            return registry.open(uri, DriverChoice.LIBVIRT);
        } catch (VirtException e) {
            throw new AssertionError("cannot open " + uri + ": " + e.getMessage() + "\nsshd's log:\n" + sshd.log(), e);
        }
    }
}
