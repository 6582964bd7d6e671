package org.virtfx.drivers.libvirt;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.virtfx.core.auth.CredentialPrompt;
import org.virtfx.core.auth.CredentialRequest;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/**
 * ssh's password and passphrase prompts, answered through VirtFX's own {@link CredentialPrompt}.
 * libvirt's ssh transport runs {@code ssh}, which runs {@code $SSH_ASKPASS} with its prompt when it
 * has no terminal; that program, {@code virtfx-askpass}, connects back to this process over a UNIX
 * socket in a private directory (mode 0700) and hands over the prompt with a token that is
 * replaced after every request. Requests are answered only while a connection is opening
 * ({@link #arm}); otherwise, or with a wrong token, they are refused.
 */
final class SshAskpass implements AutoCloseable {
    static final String PROGRAM = "virtfx-askpass";
    /** The launcher names the installed program here (installers/pom.xml); a checkout copies it out of the jar. */
    static final String PROPERTY = "virtfx.askpass";
    private static final System.Logger LOG = System.getLogger(SshAskpass.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_PROMPT = 4096;

    private final Path dir;
    private final ServerSocketChannel server;
    private final Deque<Armed> armed = new ArrayDeque<>();
    private byte[] token;

    private SshAskpass(Path dir, ServerSocketChannel server) {
        this.dir = dir;
        this.server = server;
    }

    /**
     * Makes the private directory under {@code parent} with the program ({@code shipped}, linked,
     * or a copy from the jar), the token and the socket, and starts answering.
     */
    static SshAskpass start(Path parent, Optional<Path> shipped) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory(parent, "virtfx-askpass-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            installProgram(dir, shipped);
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(dir.resolve("socket")));
            SshAskpass askpass = new SshAskpass(dir, server);
            askpass.newToken();
            Thread thread = new Thread(askpass::serve, "virtfx-askpass");
            thread.setDaemon(true);
            thread.start();
            return askpass;
        } catch (IOException e) {
            if (dir != null) {
                delete(dir);
            }
            throw VirtException.system("cannot prepare ssh's password prompt in " + parent, e);
        }
    }

    private static void installProgram(Path dir, Optional<Path> shipped) throws IOException {
        Path link = dir.resolve("askpass");
        if (shipped.isPresent()) {
            Path program = shipped.get().toAbsolutePath().normalize();
            if (!Files.isExecutable(program)) {
                throw VirtException.of(ErrorCode.OPERATION_FAILED, "ssh's password prompt " + program
                        + " is missing or not executable; reinstall the virtfx package");
            }
            Files.createSymbolicLink(link, program);
            return;
        }
        try (InputStream in = SshAskpass.class.getResourceAsStream(PROGRAM)) {
            if (in == null) {
                throw VirtException.of(ErrorCode.INTERNAL_ERROR, "ssh's password prompt " + PROGRAM
                        + " is missing from the libvirt driver's jar (it is built with cc at package time)");
            }
            Files.write(link, in.readAllBytes());
        }
        Files.setPosixFilePermissions(link, PosixFilePermissions.fromString("rwx------"));
    }

    /** What {@code SSH_ASKPASS} names: the link in the private directory. */
    Path command() {
        return dir.resolve("askpass");
    }

    /**
     * Answers ssh's prompts with {@code prompt} until the result is closed: around one
     * connection's open. The latest open's prompt answers while several are opening.
     */
    Armed arm(String uri, CredentialPrompt prompt) {
        Armed a = new Armed(uri, prompt);
        synchronized (this) {
            armed.push(a);
        }
        return a;
    }

    /** The prompt of one opening connection, until closed. */
    final class Armed implements AutoCloseable {
        private final String uri;
        private final CredentialPrompt prompt;
        /** Set by a Cancel: ssh asks again (three times for a password), the person is not. */
        private volatile boolean cancelled;

        private Armed(String uri, CredentialPrompt prompt) {
            this.uri = uri;
            this.prompt = prompt;
        }

        @Override
        public void close() {
            synchronized (SshAskpass.this) {
                armed.remove(this);
            }
        }
    }

    private void serve() {
        while (server.isOpen()) {
            try (SocketChannel client = server.accept()) {
                answer(client);
            } catch (IOException e) {
                if (server.isOpen()) {
                    LOG.log(System.Logger.Level.WARNING, "ssh's password prompt failed", e);
                }
            }
        }
    }

    private void answer(SocketChannel client) throws IOException {
        byte[] request = readAll(client);
        int newline = indexOf(request, (byte) '\n');
        String reply;
        if (newline < 0 || !validToken(java.util.Arrays.copyOf(request, newline))) {
            reply = "NO\nthe request did not come from VirtFX's own ssh (wrong token)";
        } else {
            newToken();
            String sshPrompt = new String(request, newline + 1, request.length - newline - 1, StandardCharsets.UTF_8);
            reply = ask(sshPrompt);
        }
        ByteBuffer out = ByteBuffer.wrap(reply.getBytes(StandardCharsets.UTF_8));
        while (out.hasRemaining()) {
            client.write(out);
        }
    }

    private String ask(String sshPrompt) {
        Armed current;
        synchronized (this) {
            current = armed.peek();
        }
        if (current == null) {
            return "NO\nno VirtFX connection is opening";
        }
        if (current.cancelled) {
            return "NO\ncancelled";
        }
        try {
            Optional<List<String>> answers = current.prompt.ask(current.uri, List.of(request(sshPrompt)));
            current.cancelled = answers.isEmpty();
            return answers.map(a -> "OK\n" + a.get(0)).orElse("NO\ncancelled");
        } catch (RuntimeException e) {
            return "NO\n" + e.getMessage();
        }
    }

    /** What ssh's prompt asks for, from its words (OpenSSH's sshconnect2.c, sshconnect.c). */
    static CredentialRequest request(String sshPrompt) {
        String words = sshPrompt.toLowerCase(Locale.ROOT);
        CredentialRequest.Kind kind;
        if (words.contains("passphrase")) {
            kind = CredentialRequest.Kind.PASSPHRASE;
        } else if (words.contains("password")) {
            kind = CredentialRequest.Kind.PASSWORD;
        } else if (words.contains("(yes/no")) {
            kind = CredentialRequest.Kind.ANSWER;
        } else {
            kind = CredentialRequest.Kind.SECRET_ANSWER;
        }
        return new CredentialRequest(kind, sshPrompt, "");
    }

    private synchronized boolean validToken(byte[] given) {
        return MessageDigest.isEqual(token, given);
    }

    /** A fresh token, written where only this user can read it, replacing the last atomically. */
    private synchronized void newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        token = HexFormat.of().formatHex(bytes).getBytes(StandardCharsets.US_ASCII);
        try {
            Path temporary = Files.createTempFile(dir, ".token", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(temporary, token);
            Files.move(temporary, dir.resolve("token"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw VirtException.system("cannot write ssh's password prompt token in " + dir, e);
        }
    }

    private static byte[] readAll(SocketChannel client) throws IOException {
        byte[] bytes = java.nio.channels.Channels.newInputStream(client).readNBytes(MAX_PROMPT + 1);
        if (bytes.length > MAX_PROMPT) {
            throw new IOException("ssh's prompt is longer than " + MAX_PROMPT + " bytes");
        }
        return bytes;
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing ssh's password prompt socket", e);
        }
        delete(dir);
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "removing " + dir, e);
        }
    }
}
