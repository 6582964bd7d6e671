package org.virtfx.drivers.libvirt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.virtfx.core.auth.CredentialPrompt;
import org.virtfx.core.connect.ConnectionUri;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.drivers.libvirt.binding.VirDomain;

/**
 * A remote domain's VNC server reached through ssh, as virt-manager reaches it: libvirt cannot
 * hand a descriptor over an ssh transport, so a second ssh to the same host, user, port and key
 * runs {@code nc} there against the server's socket or loopback port, and the console speaks
 * RFB over ssh's standard streams. Nothing listens on this machine. ssh's questions go to the
 * connection's prompt through VirtFX's askpass until the server's greeting arrives.
 */
final class SshGraphicsTunnel implements GraphicsRoute {
    /** RFB's greeting, "RFB xxx.yyy\n", which tells that ssh logged in and nc reached the server. */
    private static final int GREETING = 12;
    /** Long enough for a person to type a passphrase; a dead route ends earlier with ssh's exit. */
    private static final long GREETING_MINUTES = 3;

    private final ConnectionUri uri;
    private final CredentialPrompt prompt;

    SshGraphicsTunnel(ConnectionUri uri, CredentialPrompt prompt) {
        this.uri = uri;
        this.prompt = prompt;
    }

    @Override
    public ByteChannel open(VirDomain domain) {
        String name = domain.name();
        List<String> command = command(uri, GraphicsEndpoint.of(domain.xml(0), name));
        Process ssh;
        try {
            ssh = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw VirtException.of(ErrorCode.OPERATION_FAILED, "cannot run " + command.get(0)
                    + " to reach the graphics of domain '" + name + "': " + e.getMessage());
        }
        StderrTail errors = StderrTail.drain(ssh.getErrorStream());
        CompletableFuture<Void> watchdog = CompletableFuture.runAsync(ssh::destroyForcibly,
                CompletableFuture.delayedExecutor(GREETING_MINUTES, TimeUnit.MINUTES));
        try (SshAskpass.Armed armed = SshEnvironment.askpass().arm(uri.text(), prompt)) {
            byte[] greeting = ssh.getInputStream().readNBytes(GREETING);
            if (greeting.length < GREETING || !new String(greeting, StandardCharsets.US_ASCII).startsWith("RFB ")) {
                throw unreachable(name, ssh, errors);
            }
            return new ProcessChannel(ssh, ByteBuffer.wrap(greeting));
        } catch (IOException e) {
            throw unreachable(name, ssh, errors);
        } catch (RuntimeException e) {
            ssh.destroyForcibly();
            throw e;
        } finally {
            watchdog.cancel(false);
        }
    }

    private static VirtException unreachable(String name, Process ssh, StderrTail errors) {
        ssh.destroyForcibly();
        String said = "";
        try {
            ssh.waitFor(5, TimeUnit.SECONDS);
            said = errors.text();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return VirtException.of(ErrorCode.OPERATION_FAILED, "cannot reach the graphics of domain '" + name
                + "' over ssh" + (said.isEmpty() ? "" : ": " + said));
    }

    /**
     * ssh as libvirt's ssh transport runs it for the same URI ({@code command=}, {@code keyfile=},
     * {@code no_verify=}, {@code known_hosts=}, {@code netcat=}), with nc as its remote command.
     */
    static List<String> command(ConnectionUri uri, GraphicsEndpoint endpoint) {
        List<String> command = new ArrayList<>();
        command.add(uri.parameters().getOrDefault("command", "ssh"));
        if (uri.port() > 0) {
            command.addAll(List.of("-p", Integer.toString(uri.port())));
        }
        if (!uri.user().isEmpty()) {
            command.addAll(List.of("-l", uri.user()));
        }
        if (uri.parameters().containsKey("keyfile")) {
            command.addAll(List.of("-i", uri.parameters().get("keyfile")));
        }
        if ("1".equals(uri.parameters().get("no_verify"))) {
            command.addAll(List.of("-o", "StrictHostKeyChecking=no"));
        }
        if (uri.parameters().containsKey("known_hosts")) {
            command.addAll(List.of("-o", "UserKnownHostsFile=" + uri.parameters().get("known_hosts")));
        }
        command.addAll(List.of("-T", "-e", "none", "--", uri.host()));
        String netcat = quoted(uri.parameters().getOrDefault("netcat", "nc"));
        command.add(endpoint.socket().map(socket -> netcat + " -U " + quoted(socket))
                .orElseGet(() -> netcat + " " + quoted(endpoint.address()) + " " + endpoint.port()));
        return List.copyOf(command);
    }

    /** One word for the remote shell, whatever it holds. */
    private static String quoted(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** The last few lines ssh wrote to its standard error, for the message when it fails. */
    private static final class StderrTail {
        private static final int LIMIT = 2048;
        private final StringBuilder text = new StringBuilder();
        private Thread reader;

        /** Reads ssh's standard error for as long as it runs, so ssh never blocks on writing it. */
        static StderrTail drain(InputStream stderr) {
            StderrTail tail = new StderrTail();
            tail.reader = new Thread(() -> tail.read(stderr), "virtfx-ssh-graphics-stderr");
            tail.reader.setDaemon(true);
            tail.reader.start();
            return tail;
        }

        private void read(InputStream stderr) {
            byte[] buffer = new byte[512];
            try (stderr) {
                for (int n; (n = stderr.read(buffer)) > 0; ) {
                    synchronized (this) {
                        text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                        if (text.length() > LIMIT) {
                            text.delete(0, text.length() - LIMIT);
                        }
                    }
                }
            } catch (IOException closed) {
                // ssh ended; what it said is kept.
            }
        }

        /** What ssh said, once it has ended (or after a second). */
        String text() throws InterruptedException {
            reader.join(1000);
            synchronized (this) {
                return text.toString().strip().replace("\r", "").replace('\n', ' ');
            }
        }
    }
}
