package org.virtfx.drivers.lxc;

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
 * The native {@code lxc:///} driver, after libvirt's LXC driver but without a daemon: it runs
 * inside the application, which must be root, and starts each container through a small
 * supervisor process (docs/decisions/0005). Opening it starts the networks and domains marked
 * for autostart and finds containers left running by an earlier run of the application.
 */
public final class LxcDriver implements ConnectionDriver {
    static final String NAME = "lxc";
    private static final System.Logger LOG = System.getLogger(LxcDriver.class.getName());
    /**
     * The driver's state per configuration, shared by every connection of the process while
     * any is open. Process-wide state is the point: like libvirt's daemon, one state owns a
     * host's containers, however many windows and commands have it open.
     */
    private static final SharedDriverState<LxcDriverConfig, LxcHost> SHARED = new SharedDriverState<>(LxcHost::close);

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
        LxcDriverConfig config;
        if (uri.path().isEmpty() || uri.path().equals("/")) {
            config = LxcDriverConfig.system();
        } else if (uri.path().equals("/embed")) {
            config = embedded(uri);
        } else {
            throw VirtException.of(ErrorCode.INVALID_ARG, "unexpected LXC URI path '" + uri.path()
                    + "', try lxc:/// or lxc:///embed?root=/some/dir");
        }
        if (!isRoot()) {
            throw VirtException.of(ErrorCode.OPERATION_INVALID, "lxc:/// needs root: containers are made with"
                    + " namespaces, cgroups and host network devices");
        }
        boolean embedded = uri.path().equals("/embed");
        SharedDriverState.Lease<LxcHost> lease = SHARED.open(config, c -> {
            LxcHost host = new LxcHost(c, CgroupHierarchy.detect(c.cgroupParent()), StartProbe.NONE, embedded);
            // As libvirt's driver does when it starts: networks first, then the domains on them.
            host.networks.autostart().forEach(e -> LOG.log(Level.WARNING, "network autostart failed", e));
            host.domains.autostart().forEach(e -> LOG.log(Level.WARNING, "domain autostart failed", e));
            return host;
        });
        return Optional.of(new LxcConnection(uri, lease.state(), lease::close));
    }

    /**
     * {@code lxc:///embed?root=DIR[&netns=NAME]}, after libvirt's {@code qemu:///embed}: a private
     * driver whose definitions and state live under DIR ({@code etc/}, {@code run/}), whose
     * cgroups sit under a parent of its own, and whose bridges and host ends live in the named
     * network namespace when one is given. For benchmarks, tests and tools that must not touch
     * the system driver's containers.
     */
    private static LxcDriverConfig embedded(ConnectionUri uri) {
        String root = uri.parameters().getOrDefault("root", "");
        if (!root.startsWith("/")) {
            throw VirtException.of(ErrorCode.INVALID_ARG, "lxc:///embed needs root=/absolute/path");
        }
        String netns = uri.parameters().getOrDefault("netns", "");
        Path dir = Path.of(root).normalize();
        String parent = "virtfx-embed-" + Integer.toHexString(dir.toString().hashCode());
        return new LxcDriverConfig(dir.resolve("etc"), dir.resolve("run"),
                netns.isEmpty() ? NetNamespace.current() : NetNamespace.named(netns), parent,
                LxcDriverConfig.system().pidsMax());
    }

    private static boolean isRoot() {
        try {
            return Files.getAttribute(Path.of("/proc/self"), "unix:uid").equals(0);
        } catch (java.io.IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
