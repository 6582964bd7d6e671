package org.virtfx.app.instance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.virtfx.app.folders.UserFolders;

/**
 * One manager per user, as desktop users expect: a second start hands its {@code --connect}
 * URIs to the running manager over a UNIX socket, which brings its window to the front, and
 * exits. The socket lives in the user's runtime directory, so other users never see it.
 */
public final class SingleInstance implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SingleInstance.class.getName());
    private static final String SHOW = "show";
    private static final String CONNECT = "connect ";
    private static final String ACCEPTED = "ok";
    /** How long a second start waits for the running one before starting on its own. */
    private static final long ANSWER_WAIT_MS = 2000;

    private final Path socket;
    private final ServerSocketChannel server;
    private final Thread listener;

    private SingleInstance(Path socket, ServerSocketChannel server, Consumer<List<String>> onRequest) {
        this.socket = socket;
        this.server = server;
        listener = new Thread(() -> serve(onRequest), "virtfx-single-instance");
        listener.setDaemon(true);
        listener.start();
    }

    /** {@code $XDG_RUNTIME_DIR/virtfx.sock}, or a file in the user's cache folder without one. */
    public static Path defaultSocket(UserFolders folders) {
        return folders.runtime().map(runtime -> runtime.resolve("virtfx.sock"))
                .orElse(folders.cache().resolve("virtfx/virtfx.sock"));
    }

    /**
     * Asks a running manager to show itself and open these connections.
     *
     * @return true when one answered; false when none runs (or it did not answer in time)
     */
    public static boolean handOver(Path socket, List<String> connectUris) {
        if (!Files.exists(socket)) {
            return false;
        }
        ExecutorService caller = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "virtfx-hand-over");
            t.setDaemon(true);
            return t;
        });
        Future<Boolean> answered = caller.submit(() -> {
            try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                Writer out = new OutputStreamWriter(Channels.newOutputStream(channel), StandardCharsets.UTF_8);
                for (String uri : connectUris) {
                    out.write(CONNECT + uri + "\n");
                }
                out.write(SHOW + "\n");
                out.flush();
                BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel),
                        StandardCharsets.UTF_8));
                return ACCEPTED.equals(in.readLine());
            }
        });
        try {
            return answered.get(ANSWER_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (Exception noAnswer) {
            // A stale socket file (refused) or a hung manager: this start goes on by itself.
            answered.cancel(true);
            return false;
        } finally {
            caller.shutdownNow();
        }
    }

    /**
     * Starts answering later starts; {@code onRequest} gets the URIs each one passed (possibly
     * none) and should bring the window to the front.
     *
     * @throws IOException when the socket cannot be made (its folder is not writable)
     */
    public static SingleInstance listen(Path socket, Consumer<List<String>> onRequest) throws IOException {
        Files.createDirectories(socket.getParent());
        // Only called once handOver found nobody answering, so a file left here is stale.
        Files.deleteIfExists(socket);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        return new SingleInstance(socket, server, onRequest);
    }

    private void serve(Consumer<List<String>> onRequest) {
        while (server.isOpen()) {
            try (SocketChannel client = server.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(client),
                        StandardCharsets.UTF_8));
                List<String> uris = new ArrayList<>();
                String line;
                while ((line = in.readLine()) != null && !line.equals(SHOW)) {
                    if (line.startsWith(CONNECT)) {
                        uris.add(line.substring(CONNECT.length()));
                    }
                }
                onRequest.accept(uris);
                Writer out = new OutputStreamWriter(Channels.newOutputStream(client), StandardCharsets.UTF_8);
                out.write(ACCEPTED + "\n");
                out.flush();
            } catch (IOException e) {
                if (server.isOpen()) {
                    LOG.log(System.Logger.Level.WARNING, "a second start could not hand over", e);
                }
            }
        }
    }

    @Override
    public void close() {
        try {
            server.close();
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "could not remove " + socket, e);
        }
    }
}
