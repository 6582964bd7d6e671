package org.virtfx.drivers.libvirt;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.virtfx.plumbing.netdev.RootTests;
import org.virtfx.plumbing.testhost.HostLease;
import org.virtfx.plumbing.testhost.HostResources;

/**
 * An {@code sshd} of the test's own on 127.0.0.1 and a port of its own, with a generated host
 * key, its own configuration and authorized keys in a temporary directory, in a mount namespace
 * of its own (tmpfs on /run for its privilege-separation directory). With a password it also
 * sees a copy of /etc/shadow in which root has that password, bind-mounted in its namespace
 * only: the host's users and files are never touched. Clients use {@link #uri}, whose
 * {@code command=} is an ssh wrapper that trusts only this host key and reads no user
 * configuration (libvirt's ssh transport has no known_hosts parameter). The directory's lease
 * lets a later test JVM end sshd (run with {@code -f} in the directory) and its sessions and
 * remove the directory when this one is killed before the close.
 */
final class PrivateSshd implements AutoCloseable {
    private static final Path SSHD = Path.of("/usr/sbin/sshd");

    private final Path dir;
    private final int port;
    private final Process process;
    private final HostLease lease;

    private PrivateSshd(Path dir, int port, Process process, HostLease lease) {
        this.lease = lease;
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /**
     * Starts sshd accepting {@code userKey}'s public half for root, and root's {@code password}
     * when given, and waits until it answers.
     */
    static PrivateSshd start(Path userKey, Optional<String> password) throws IOException, InterruptedException {
        RootTests.requireRoot();
        if (!Files.isExecutable(SSHD)) {
            PrivateLibvirtd.unavailable(SSHD + " is missing (Debian package openssh-server)");
        }
        Path dir = Path.of("/tmp/virtfx-sshd-" + UUID.randomUUID());
        HostLease lease = HostLease.take("PrivateSshd", HostResources.folder(dir));
        Files.createDirectory(dir);
        Process process = null;
        try {
            run(dir, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "virtfx-test-host", "-f", dir.resolve("host_key").toString());
            Files.copy(Path.of(userKey + ".pub"), dir.resolve("authorized_keys"));
            int port = freePort();
            Files.writeString(dir.resolve("sshd_config"), String.join("\n",
                    "ListenAddress 127.0.0.1:" + port,
                    "HostKey " + dir.resolve("host_key"),
                    "PidFile none",
                    "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                    "PermitRootLogin yes",
                    "PubkeyAuthentication yes",
                    "PasswordAuthentication " + (password.isPresent() ? "yes" : "no"),
                    "KbdInteractiveAuthentication no",
                    "UsePAM no",
                    "StrictModes no",
                    "PermitUserEnvironment no",
                    "LogLevel VERBOSE", ""));
            String hostKey = Files.readString(dir.resolve("host_key.pub")).strip();
            Files.writeString(dir.resolve("known_hosts"), "[127.0.0.1]:" + port + " " + hostKey + "\n");
            Path wrapper = dir.resolve("ssh");
            Files.writeString(wrapper, "#!/bin/sh\nexec ssh -F /dev/null -o UserKnownHostsFile=" + dir.resolve("known_hosts")
                    + " -o GlobalKnownHostsFile=/dev/null -o StrictHostKeyChecking=yes -o IdentitiesOnly=yes"
                    + " -o IdentityAgent=none \"$@\"\n");
            Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));

            StringBuilder setup = new StringBuilder("set -e; mount -t tmpfs -o mode=755 tmpfs /run; mkdir -m 755 /run/sshd; ");
            if (password.isPresent()) {
                Path shadow = dir.resolve("shadow");
                Files.writeString(shadow, shadowWithRootPassword(dir, password.get()));
                Files.setPosixFilePermissions(shadow, PosixFilePermissions.fromString("rw-------"));
                setup.append("mount --bind ").append(shadow).append(" /etc/shadow; ");
            }
            setup.append("exec ").append(SSHD).append(" -D -e -f ").append(dir.resolve("sshd_config"));
            ProcessBuilder builder = new ProcessBuilder("unshare", "--mount", "--propagation", "private", "sh", "-c", setup.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile());
            builder.environment().put("LIBMOUNT_UTAB", dir.resolve("utab").toString());
            process = builder.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!answers(port)) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IOException("sshd did not start: " + Files.readString(dir.resolve("sshd.log")));
                }
                Thread.sleep(50);
            }
            PrivateSshd started = new PrivateSshd(dir, port, process, lease);
            process = null;
            return started;
        } finally {
            if (process != null) {
                stop(process);
                PrivateLibvirtd.delete(dir);
                lease.close();
            }
        }
    }

    /** Root's line of /etc/shadow with a SHA-512 crypt of the password (openssl reads it on its standard input). */
    private static String shadowWithRootPassword(Path dir, String password) throws IOException, InterruptedException {
        Process openssl = new ProcessBuilder("openssl", "passwd", "-6", "-stdin").start();
        openssl.getOutputStream().write((password + "\n").getBytes(StandardCharsets.UTF_8));
        openssl.getOutputStream().close();
        String hash = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (openssl.waitFor() != 0 || !hash.startsWith("$6$")) {
            throw new IOException("openssl passwd failed: " + hash);
        }
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/etc/shadow"))) {
            String[] fields = line.split(":", -1);
            if (fields[0].equals("root")) {
                fields[1] = hash;
                line = String.join(":", fields);
            }
            lines.add(line);
        }
        return String.join("\n", lines) + "\n";
    }

    /** Generates a user key in {@code dir}, with a passphrase when one is given. */
    static Path userKey(Path dir, String passphrase) throws IOException, InterruptedException {
        Path key = dir.resolve("id_ed25519");
        run(dir, "ssh-keygen", "-q", "-t", "ed25519", "-N", passphrase, "-C", "virtfx-test-user", "-f", key.toString());
        return key;
    }

    /**
     * {@code qemu+ssh://root@127.0.0.1:PORT/system} to the daemon behind {@code socket}, through
     * {@code nc} on the far side (proxy=netcat: virt-ssh-helper would ignore socket= and reach the
     * host's own daemon).
     */
    String uri(Path socket, Optional<Path> keyfile) {
        return "qemu+ssh://root@127.0.0.1:" + port + "/system?socket=" + socket + "&proxy=netcat&command="
                + dir.resolve("ssh") + keyfile.map(k -> "&keyfile=" + k).orElse("");
    }

    /** sshd's folder: its configuration, keys and log. */
    Path directory() {
        return dir;
    }

    /** sshd's own log, for a failure's message. */
    String log() {
        try {
            return Files.readString(dir.resolve("sshd.log"));
        } catch (IOException e) {
            return "(no sshd log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        stop(process);
        PrivateLibvirtd.delete(dir);
        lease.close();
    }

    private static void stop(Process process) throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    private static boolean answers(int port) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("run.log").toFile()).start();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + Files.readString(dir.resolve("run.log")));
        }
    }
}
