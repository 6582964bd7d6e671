package org.virtfx.drivers.qemu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.virtfx.core.connect.ConnectionUri;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.event.DomainEvent;
import org.virtfx.core.event.LifecycleEvent;
import org.virtfx.drivers.qemu.process.TestGuest;
import org.virtfx.plumbing.netdev.LinkInfo;
import org.virtfx.plumbing.netdev.NetDevices;
import org.virtfx.plumbing.netdev.NetNamespace;
import org.virtfx.plumbing.netdev.NetlinkDevices;
import org.virtfx.plumbing.testhost.HostLease;
import org.virtfx.plumbing.testhost.HostResources;

/**
 * One test's private QEMU host: a network namespace of its own with an isolated network on a
 * bridge, configuration and state directories under /tmp. Closing it destroys every VM, the
 * network and the namespace, and removes the directories, even after a failure. Namespace
 * {@code vfxqemu-TAG} and folder {@code /tmp/vfxqemu-TAG} share one lease, so a later test JVM
 * removes them, and the QEMU processes and mounts in them, when this one is killed before the close.
 */
final class QemuTestHost implements AutoCloseable {
    static final String QEMU = "/usr/bin/qemu-system-x86_64";
    static final String NETWORK = "qemutest";
    static final String BRIDGE = "vfxqemubr0";

    final NetNamespace namespace;
    final Path directory;
    final QemuConnection connection;
    final NetDevices devices;
    final List<DomainEvent> events = new CopyOnWriteArrayList<>();
    private final HostLease lease;

    private QemuTestHost(NetNamespace namespace, Path directory, QemuConnection connection, NetDevices devices,
                         HostLease lease) {
        this.lease = lease;
        this.namespace = namespace;
        this.directory = directory;
        this.connection = connection;
        this.devices = devices;
        connection.events().subscribe(this::record);
    }

    static QemuTestHost open() {
        return open(StartProbe.NONE);
    }

    static QemuTestHost open(StartProbe probe) {
        if (!Files.isExecutable(Path.of(QEMU))) {
            TestGuest.unavailable(QEMU + " is not installed (Debian package qemu-system-x86)");
        }
        String tag = HexFormat.of().formatHex(randomBytes());
        NetNamespace namespace = NetNamespace.named("vfxqemu-" + tag);
        Path folder = Path.of("/tmp/vfxqemu-" + tag);
        HostLease lease = HostLease.take("QemuTestHost", new HostResources(List.of(namespace.name()), List.of(folder),
                List.of()));
        Path directory = null;
        NetDevices devices = null;
        try {
            namespace.create();
            directory = Files.createDirectory(folder);
            devices = NetlinkDevices.open(namespace);
            QemuConnection connection = new QemuConnection(ConnectionUri.parse("qemu:///embed?root=" + directory),
                    config(directory, namespace), probe);
            QemuTestHost host = new QemuTestHost(namespace, directory, connection, devices, lease);
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
            throw new IllegalStateException("cannot set up a test QEMU host", e);
        }
    }

    static QemuDriverConfig config(Path directory, NetNamespace namespace) {
        return QemuDriverConfig.embedded(directory, Optional.of(namespace));
    }

    /**
     * A guest of type qemu (TCG, so it runs without /dev/kvm) booting the test kernel with its
     * serial console on a pty, with {@code devices} added.
     */
    static String guestXml(String name, String devices) {
        TestGuest guest = TestGuest.get();
        return "<domain type='qemu'><name>" + name + "</name><memory unit='MiB'>256</memory><vcpu>1</vcpu>"
                + "<os><type arch='x86_64' machine='pc'>hvm</type><kernel>" + guest.kernel + "</kernel>"
                + "<initrd>" + guest.initrd + "</initrd><cmdline>console=ttyS0 quiet</cmdline></os>"
                + "<features><acpi/><apic/></features>"
                + "<devices><emulator>" + QEMU + "</emulator><serial type='pty'><target port='0'/></serial>"
                + devices + "<memballoon model='none'/></devices></domain>";
    }

    /** A network interface on the test network. */
    static String nic() {
        return "<interface type='network'><source network='" + NETWORK + "'/><model type='virtio'/></interface>";
    }

    /** A virtio network interface on the test network with the guest address {@code mac}. */
    static String nic(String mac) {
        return "<interface type='network'><mac address='" + mac + "'/><source network='" + NETWORK
                + "'/><model type='virtio'/></interface>";
    }

    DomainSummary define(String name, String devices) {
        return connection.domains().define(guestXml(name, devices));
    }

    /** The taps in the test namespace. */
    List<LinkInfo> taps() {
        return devices.list().stream().filter(l -> l.kind().equals("tun")).toList();
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
        }
        connection.close();
        devices.close();
        namespace.delete();
        deleteTree(directory);
        // Only once all is gone: a close that failed half way leaves the rest to the sweep.
        lease.close();
    }

    static void deleteTree(Path directory) {
        if (directory == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
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
