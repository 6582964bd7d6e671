package org.virtfx.drivers.lxc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.Stream;
import org.virtfx.core.connect.ConnectionUri;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.event.DomainEvent;
import org.virtfx.core.event.LifecycleEvent;
import org.virtfx.plumbing.netdev.LinkInfo;
import org.virtfx.plumbing.netdev.NetDevices;
import org.virtfx.plumbing.netdev.NetNamespace;
import org.virtfx.plumbing.netdev.NetlinkDevices;
import org.virtfx.plumbing.testhost.HostLease;
import org.virtfx.plumbing.testhost.HostResources;

/**
 * One test's private LXC host: a network namespace of its own for bridges and host ends, an
 * isolated network without addresses on a bridge in it, configuration and state directories
 * under /tmp, and a cgroup parent of its own. Closing it destroys every container, the network
 * and the namespace, and removes the directories and the cgroup parent, even after a failure.
 * Namespace {@code vfxlxc-TAG}, folder {@code /tmp/virtfx-lxc-test-TAG} and cgroup parent
 * {@code virtfx-test-TAG} share one tag and one lease, so a later test JVM removes all of them,
 * and the supervisors, containers and dnsmasq in them, when this one is killed before the close.
 */
final class LxcTestHost implements AutoCloseable {
    static final String NETWORK = "lxctest";
    static final String BRIDGE = "vfxlxcbr0";

    final NetNamespace namespace;
    final Path directory;
    final String cgroupParent;
    final LxcConnection connection;
    final NetDevices devices;
    final List<DomainEvent> events = new CopyOnWriteArrayList<>();
    private final List<LxcConnection> extraConnections = new ArrayList<>();
    private final HostLease lease;

    private LxcTestHost(NetNamespace namespace, Path directory, String cgroupParent, LxcConnection connection,
                        NetDevices devices, HostLease lease) {
        this.lease = lease;
        this.namespace = namespace;
        this.directory = directory;
        this.cgroupParent = cgroupParent;
        this.connection = connection;
        this.devices = devices;
        connection.events().subscribe(this::record);
    }

    static LxcTestHost open() {
        return open(StartProbe.NONE, CgroupHierarchy::detect);
    }

    static LxcTestHost open(StartProbe probe, Function<String, CgroupHierarchy> cgroups) {
        String tag = HexFormat.of().formatHex(randomBytes());
        NetNamespace namespace = NetNamespace.named("vfxlxc-" + tag);
        Path folder = Path.of("/tmp/virtfx-lxc-test-" + tag);
        String parent = "virtfx-test-" + tag;
        HostLease lease = HostLease.take("LxcTestHost",
                new HostResources(List.of(namespace.name()), List.of(folder), List.of(parent)));
        Path directory = null;
        NetDevices devices = null;
        try {
            namespace.create();
            directory = Files.createDirectory(folder);
            devices = NetlinkDevices.open(namespace);
            LxcConnection connection = new LxcConnection(ConnectionUri.parse("lxc:///"),
                    config(directory, namespace, parent), cgroups.apply(parent), probe);
            LxcTestHost host = new LxcTestHost(namespace, directory, parent, connection, devices, lease);
            UUID network = connection.networks().define("<network><name>" + NETWORK + "</name><bridge name='"
                    + BRIDGE + "'/></network>").uuid();
            connection.networks().start(network);
            return host;
        } catch (RuntimeException | IOException e) {
            if (devices != null) {
                devices.close();
            }
            namespace.delete();
            deleteTree(directory);
            lease.close();
            throw new IllegalStateException("cannot set up a test LXC host", e);
        }
    }

    static LxcDriverConfig config(Path directory, NetNamespace namespace, String parent) {
        return new LxcDriverConfig(directory.resolve("etc"), directory.resolve("run"), namespace, parent, 512);
    }

    /** A second connection on the same directories, as after an application restart. */
    LxcConnection reopen() {
        LxcConnection again = new LxcConnection(ConnectionUri.parse("lxc:///"),
                config(directory, namespace, cgroupParent), connection.cgroups(), StartProbe.NONE);
        extraConnections.add(again);
        return again;
    }

    LxcDomains domains() {
        return connection.lxcDomains();
    }

    /** Defines a container on the test network with the given init and arguments. */
    DomainSummary define(String name, String init, String... args) {
        StringBuilder xml = new StringBuilder("<domain type='lxc'><name>").append(escape(name)).append("</name>")
                .append("<memory unit='MiB'>64</memory><os><type>exe</type><init>").append(init).append("</init>");
        for (String arg : args) {
            xml.append("<initarg>").append(escape(arg)).append("</initarg>");
        }
        xml.append("</os><devices><interface type='network'><source network='").append(NETWORK)
                .append("'/></interface></devices></domain>");
        return connection.domains().define(xml.toString());
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;");
    }

    /** The veth host ends in the test namespace. */
    List<LinkInfo> hostEnds() {
        return devices.list().stream().filter(l -> l.kind().equals("veth")).toList();
    }

    private void record(LifecycleEvent event) {
        if (event instanceof DomainEvent domainEvent) {
            events.add(domainEvent);
        }
    }

    @Override
    public void close() {
        for (DomainSummary domain : connection.domains().list()) {
            if (domain.isActive()) {
                try {
                    connection.domains().destroy(domain.uuid());
                } catch (RuntimeException stoppedMeanwhile) {
                    // Ended on its own while we were cleaning up.
                }
            }
            removeGroupLeftBy(domain);
        }
        connection.close();
        extraConnections.forEach(LxcConnection::close);
        devices.close();
        connection.cgroups().removeParent();
        namespace.delete();
        deleteTree(directory);
        // Only once all is gone: a close that failed half way leaves the rest to the sweep.
        lease.close();
    }

    /**
     * A test that failed halfway (a destroy that threw) may leave its container's group; kill
     * what is in it and remove it, so the parent can go and no test leaves a cgroup behind.
     */
    private void removeGroupLeftBy(DomainSummary domain) {
        try {
            Cgroup group = connection.cgroups().open(Container.cgroupName(domain.uuid()));
            group.killAll();
            group.remove();
        } catch (RuntimeException alreadyGone) {
            // Nothing was left: the usual case.
        }
    }

    /** Removes the host's folder; every connection is closed by now, and closed ones write nothing. */
    private static void deleteTree(Path directory) {
        if (directory == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot remove " + directory, e);
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[4];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
