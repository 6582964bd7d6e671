package org.virtfx.drivers.libvirt;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.virtfx.plumbing.netdev.RootTests;
import org.virtfx.plumbing.testhost.HostLease;
import org.virtfx.plumbing.testhost.HostResources;

/**
 * A real libvirtd of the test's own, in new mount, network and PID namespaces
 * ({@code private-libvirtd.sh}), its configuration, sockets, state, cache and logs in a temporary
 * directory, so nothing of the host's libvirt is touched. Clients reach it through
 * {@code qemu:///system} with the socket named. When it ends, so does its namespace with every
 * process in it (QEMU too); closing kills the namespace and removes the directory. The directory's
 * lease lets a later test JVM end the daemon (everything run from the directory, with its
 * descendants) and remove the directory when this one is killed before the close.
 */
public final class PrivateLibvirtd implements AutoCloseable {
    private static final Path LIBVIRTD = Path.of("/usr/sbin/libvirtd");
    private static final Path QEMU_DRIVER = Path.of("/usr/lib/x86_64-linux-gnu/libvirt/connection-driver/libvirt_driver_qemu.so");

    private final Path dir;
    /** unshare, which waits for the namespace's first process. */
    private final Process namespace;
    /** The namespace's first process: the shell that reaps QEMU's orphans. */
    private final ProcessHandle init;
    private final ProcessHandle daemon;
    private final HostLease lease;

    private PrivateLibvirtd(Path dir, Process namespace, ProcessHandle init, ProcessHandle daemon, HostLease lease) {
        this.lease = lease;
        this.dir = dir;
        this.namespace = namespace;
        this.init = init;
        this.daemon = daemon;
    }

    /** Starts a daemon and waits until its socket answers; skipped (failed under CI) without root or libvirtd. */
    public static PrivateLibvirtd start() throws IOException, InterruptedException {
        requireAvailable();
        Path dir = Path.of("/tmp/virtfx-libvirtd-" + UUID.randomUUID());
        HostLease lease = HostLease.take("PrivateLibvirtd", HostResources.folder(dir));
        Files.createDirectory(dir);
        Path script = dir.resolve("private-libvirtd.sh");
        try (InputStream in = PrivateLibvirtd.class.getResourceAsStream("private-libvirtd.sh")) {
            Files.write(script, in.readAllBytes());
        }
        ProcessBuilder builder = new ProcessBuilder("unshare", "--mount", "--net", "--pid", "--fork",
                "--propagation", "private", "bash", script.toString(), dir.toString(), UUID.randomUUID().toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("namespace.log").toFile());
        // util-linux's mount would keep its table under the host's /run/mount before /run is private.
        builder.environment().put("LIBMOUNT_UTAB", dir.resolve("utab").toString());
        Process namespace = builder.start();
        PrivateLibvirtd started = null;
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                if (!namespace.isAlive()) {
                    throw new IOException("libvirtd ended at start: " + Files.readString(dir.resolve("namespace.log")));
                }
                ProcessHandle init = namespace.children().findFirst().orElse(null);
                ProcessHandle daemon = init == null ? null : init.children()
                        .filter(p -> p.info().command().map(LIBVIRTD.toString()::equals).orElse(false))
                        .findFirst().orElse(null);
                if (daemon != null && answers(dir.resolve("run/libvirt-sock"))) {
                    started = new PrivateLibvirtd(dir, namespace, init, daemon, lease);
                    return started;
                }
                Thread.sleep(50);
            }
            throw new IOException("libvirtd's socket did not answer within 30 s");
        } finally {
            if (started == null) {
                namespace.descendants().forEach(ProcessHandle::destroyForcibly);
                namespace.destroyForcibly();
                namespace.waitFor(10, TimeUnit.SECONDS);
                delete(dir);
                lease.close();
            }
        }
    }

    /** Skips the test (fails it under CI) without root or libvirtd. */
    static void requireAvailable() {
        RootTests.requireRoot();
        for (Path needed : List.of(LIBVIRTD, QEMU_DRIVER, Path.of("/usr/bin/qemu-system-x86_64"))) {
            if (!Files.exists(needed)) {
                unavailable(needed + " is missing (Debian packages libvirt-daemon, libvirt-daemon-driver-qemu, qemu-system-x86)");
            }
        }
    }

    private static boolean answers(Path socket) {
        if (!Files.exists(socket)) {
            return false;
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException notYet) {
            return false;
        }
    }

    /** Skips a host-level test outside CI, fails it under CI=true. */
    static void unavailable(String why) {
        if ("true".equals(System.getenv("CI"))) {
            fail(why);
        }
        Assumptions.abort(why);
    }

    /**
     * The daemon's qemu:///system, on its own socket; "+unix" tells libvirt the socket is named,
     * which a migration to another daemon of this machine needs (plain qemu:/// is refused as
     * "the same host").
     */
    public String uri() {
        return "qemu+unix:///system?socket=" + socket();
    }

    /** The daemon's folder: configuration, sockets, state and logs. */
    Path directory() {
        return dir;
    }

    /** The daemon's socket, for a URI of another transport. */
    Path socket() {
        return dir.resolve("run/libvirt-sock");
    }

    /** Stops the daemon where it is (SIGSTOP): its socket stays open, and nothing answers. */
    void freeze() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** Kills the daemon (SIGKILL), which ends its namespace with every process in it, and waits for that. */
    void kill() throws InterruptedException {
        daemon.destroyForcibly();
        if (!namespace.waitFor(20, TimeUnit.SECONDS)) {
            end();
        }
    }

    /** Kills the namespace's first process, so the kernel kills the rest, and waits for unshare to go. */
    private void end() throws InterruptedException {
        init.destroyForcibly();
        if (!namespace.waitFor(20, TimeUnit.SECONDS)) {
            namespace.destroyForcibly();
            namespace.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** The last lines of libvirtd's log, for a failure's message. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("log/libvirtd.log"), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no libvirtd log: " + e.getMessage() + ")";
        }
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(daemon.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill -" + name + " " + daemon.pid() + " failed");
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        end();
        delete(dir);
        lease.close();
    }

    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
