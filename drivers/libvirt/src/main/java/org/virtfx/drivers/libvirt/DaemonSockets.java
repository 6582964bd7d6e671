package org.virtfx.drivers.libvirt;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.virtfx.core.connect.ConnectionUri;

/**
 * Where a local libvirt daemon listens for a URI, and whether one answers there. libvirt's
 * modular daemons have a socket each ({@code virtqemud-sock}), the monolithic {@code libvirtd}
 * one for all ({@code libvirt-sock}); both have a read-only twin ({@code -ro}). System daemons
 * listen under {@code /run/libvirt}, session ones under {@code $XDG_RUNTIME_DIR/libvirt}.
 */
final class DaemonSockets {
    /** The modular daemon of each hypervisor driver, as libvirt names them. */
    private static final Map<String, String> DAEMONS = Map.of("qemu", "virtqemud", "lxc", "virtlxcd", "xen", "virtxend",
            "libxl", "virtxend", "vbox", "virtvboxd", "ch", "virtchd", "vz", "virtvzd", "bhyve", "virtbhyved");

    private final Path systemDir;
    private final Path sessionDir;
    private final Duration timeout;

    DaemonSockets(Path systemDir, Path sessionDir, Duration timeout) {
        this.systemDir = systemDir;
        this.sessionDir = sessionDir;
        this.timeout = timeout;
    }

    /** The host's socket directories, and the ~200 ms a connect may take. */
    static DaemonSockets ofHost() {
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        Path session = runtime != null && !runtime.isEmpty() ? Path.of(runtime, "libvirt")
                : Path.of(System.getProperty("user.home"), ".cache", "libvirt");
        return new DaemonSockets(Path.of("/run/libvirt"), session, Duration.ofMillis(200));
    }

    /** The sockets a local URI's daemon may listen on, the modular daemon's first. */
    List<Path> candidates(ConnectionUri uri) {
        Path dir = uri.path().equals("/session") ? sessionDir : systemDir;
        String daemon = DAEMONS.get(uri.driver());
        List<String> names = daemon == null
                ? List.of("libvirt-sock", "libvirt-sock-ro")
                : List.of(daemon + "-sock", daemon + "-sock-ro", "libvirt-sock", "libvirt-sock-ro");
        return names.stream().map(dir::resolve).toList();
    }

    /** Whether any of the URI's daemon sockets accepts a connection within the timeout. */
    boolean anyAnswers(ConnectionUri uri) {
        return candidates(uri).stream().anyMatch(this::answers);
    }

    private boolean answers(Path socket) {
        if (!Files.exists(socket)) {
            return false;
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.configureBlocking(false);
            if (channel.connect(UnixDomainSocketAddress.of(socket))) {
                return true;
            }
            try (Selector selector = Selector.open()) {
                channel.register(selector, SelectionKey.OP_CONNECT);
                return selector.select(Math.max(1, timeout.toMillis())) > 0 && channel.finishConnect();
            }
        } catch (IOException | RuntimeException e) {
            // Refused, stale socket file, no permission: no daemon to prefer.
            return false;
        }
    }
}
