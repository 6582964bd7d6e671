package org.virtfx.drivers.qemu;

import java.lang.System.Logger.Level;
import java.nio.file.Files;
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
import org.virtfx.plumbing.netdev.NetNamespace;

/**
 * The native {@code qemu:///} driver, after libvirt's QEMU driver but without a daemon: QEMU
 * runs as the application's child (docs/decisions/0008). {@code qemu:///system} needs root and
 * has virtual networks and taps; {@code qemu:///session} is any user's, with user networking
 * only; {@code qemu:///embed?root=DIR} is a private driver for tests, benches and tools. Each
 * has directory storage pools of its own.
 */
public final class QemuDriver implements ConnectionDriver {
    static final String NAME = "qemu";
    private static final System.Logger LOG = System.getLogger(QemuDriver.class.getName());
    /** The state per configuration, shared by every connection of the process while any is open. */
    private static final SharedDriverState<QemuDriverConfig, QemuHost> SHARED = new SharedDriverState<>(QemuHost::close);

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
        return Set.of("qemu");
    }

    @Override
    public Optional<Connection> open(ConnectionUri uri) {
        if (!uri.driver().equals("qemu") || !uri.isLocal()) {
            return Optional.empty();
        }
        QemuDriverConfig config = switch (uri.path()) {
            case "/system" -> {
                if (!isRoot()) {
                    throw VirtException.of(ErrorCode.OPERATION_INVALID, "qemu:///system needs root: it makes taps on"
                            + " host bridges and runs virtual networks; try qemu:///session");
                }
                yield QemuDriverConfig.system();
            }
            case "/session" -> QemuDriverConfig.session(System.getenv(), Path.of(System.getProperty("user.home")));
            case "/embed" -> embedded(uri);
            default -> throw VirtException.of(ErrorCode.INVALID_ARG, "unexpected QEMU URI path '" + uri.path()
                    + "', try qemu:///system, qemu:///session or qemu:///embed?root=/some/dir");
        };
        SharedDriverState.Lease<QemuHost> lease = SHARED.open(config, c -> {
            QemuHost host = new QemuHost(c, StartProbe.NONE);
            // As libvirt's daemon starts its drivers: storage and networks first, then the domains using them.
            host.pools.autostart().forEach(e -> LOG.log(Level.WARNING, "storage pool autostart failed", e));
            if (host.networks != null) {
                host.networks.autostart().forEach(e -> LOG.log(Level.WARNING, "network autostart failed", e));
            }
            host.domains.autostart().forEach(e -> LOG.log(Level.WARNING, "domain autostart failed", e));
            return host;
        });
        return Optional.of(new QemuConnection(uri, lease.state(), lease::close));
    }

    /**
     * {@code qemu:///embed?root=DIR[&netns=NAME]}, as libvirt's: definitions and state under
     * DIR ({@code etc/}, {@code run/}, pools in their {@code storage/}); bridges and taps in the named network namespace when
     * one is given (QEMU then runs in it), and no networks at all for a user other than root.
     */
    private static QemuDriverConfig embedded(ConnectionUri uri) {
        String root = uri.parameters().getOrDefault("root", "");
        if (!root.startsWith("/")) {
            throw VirtException.of(ErrorCode.INVALID_ARG, "qemu:///embed needs root=/absolute/path");
        }
        String netns = uri.parameters().getOrDefault("netns", "");
        Optional<NetNamespace> network = !isRoot() ? Optional.empty()
                : Optional.of(netns.isEmpty() ? NetNamespace.current() : NetNamespace.named(netns));
        return QemuDriverConfig.embedded(Path.of(root).normalize(), network);
    }

    private static boolean isRoot() {
        try {
            return Files.getAttribute(Path.of("/proc/self"), "unix:uid").equals(0);
        } catch (java.io.IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
