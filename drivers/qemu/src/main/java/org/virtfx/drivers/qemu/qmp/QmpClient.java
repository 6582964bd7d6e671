package org.virtfx.drivers.qemu.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/**
 * A QEMU Machine Protocol connection over the monitor's UNIX socket. Messages are JSON objects,
 * one per line. Commands carry an id and wait for the reply with that id; events go to the
 * listener on the reader thread, in the order QEMU sent them (so a listener must not block).
 * A message longer than the bound is refused and the connection closed, so a confused or
 * hostile QEMU cannot make the application buffer without end.
 */
public final class QmpClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SocketChannel channel;
    private final Consumer<QmpEvent> events;
    private final int maxMessageBytes;
    private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final CompletableFuture<JsonNode> greeting = new CompletableFuture<>();
    private final CompletableFuture<VirtException> closed = new CompletableFuture<>();
    private final AtomicLong ids = new AtomicLong();
    private final Thread reader;

    private QmpClient(SocketChannel channel, Consumer<QmpEvent> events, int maxMessageBytes, String name) {
        this.channel = channel;
        this.events = events;
        this.maxMessageBytes = maxMessageBytes;
        reader = new Thread(this::readLoop, "qmp-" + name);
        reader.setDaemon(true);
    }

    /**
     * Connects, reads QEMU's greeting and leaves capabilities negotiation mode.
     *
     * @param events receives every event, on the reader thread
     * @param maxMessageBytes the longest reply or event accepted
     */
    public static QmpClient connect(Path socket, Consumer<QmpEvent> events, int maxMessageBytes, Duration timeout) {
        SocketChannel channel;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        } catch (IOException e) {
            throw VirtException.system("cannot open a UNIX socket", e);
        }
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            closeQuietly(channel);
            throw new VirtException(ErrorCode.OPERATION_FAILED, "operation failed: failed to connect to monitor socket " + socket + ": "
                    + e.getMessage(), e.toString(), e);
        }
        QmpClient client = new QmpClient(channel, events, maxMessageBytes, socket.getFileName().toString());
        client.reader.start();
        try {
            JsonNode hello = client.await(client.greeting, timeout, "the QMP greeting");
            if (!hello.has("QMP")) {
                throw VirtException.of(ErrorCode.INTERNAL_ERROR, "not a QMP greeting: " + hello);
            }
            client.execute("qmp_capabilities", null, timeout);
            return client;
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** Runs a command without arguments and returns its {@code return} value. */
    public JsonNode execute(String command, Duration timeout) {
        return execute(command, null, timeout);
    }

    /**
     * Runs a command and returns its {@code return} value.
     *
     * @throws VirtException naming the command and QMP's error class and description when it fails
     */
    public JsonNode execute(String command, ObjectNode arguments, Duration timeout) {
        String id = "virtfx-" + ids.incrementAndGet();
        ObjectNode message = JSON.createObjectNode().put("execute", command);
        if (arguments != null) {
            message.set("arguments", arguments);
        }
        message.put("id", id);
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        VirtException gone = closed.getNow(null);
        if (gone != null) {
            pending.remove(id);
            throw gone;
        }
        try {
            write(message);
            JsonNode answer = await(reply, timeout, "the reply to '" + command + "'");
            JsonNode error = answer.get("error");
            if (error != null) {
                String cls = error.path("class").asText("GenericError");
                throw new VirtException(ErrorCode.INTERNAL_ERROR, "internal error: unable to execute QEMU command '"
                        + command + "': " + error.path("desc").asText(), cls, null);
            }
            return answer.path("return");
        } finally {
            pending.remove(id);
        }
    }

    /** A new, empty arguments object. */
    public static ObjectNode arguments() {
        return JSON.createObjectNode();
    }

    /** Completes when the connection ends, with the reason. */
    public CompletableFuture<VirtException> closedFuture() {
        return closed;
    }

    private synchronized void write(ObjectNode message) {
        byte[] bytes = (message.toString() + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            throw new VirtException(ErrorCode.OPERATION_FAILED, "operation failed: cannot write to the QEMU monitor: " + e.getMessage(),
                    e.toString(), e);
        }
    }

    private JsonNode await(CompletableFuture<JsonNode> future, Duration timeout, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw VirtException.of(ErrorCode.OPERATION_TIMEOUT, "no " + what + " from QEMU within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw VirtException.of(ErrorCode.OPERATION_ABORTED, "interrupted while waiting for " + what);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof VirtException v ? v
                    : new VirtException(ErrorCode.INTERNAL_ERROR, "internal error: " + e.getCause(), null, e.getCause());
        }
    }

    private void readLoop() {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        VirtException end = VirtException.of(ErrorCode.OPERATION_FAILED, "QEMU closed the monitor connection");
        try {
            while (channel.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    byte b = buffer.get();
                    if (b == '\n') {
                        dispatch(line.toString(StandardCharsets.UTF_8));
                        line.reset();
                    } else if (line.size() >= maxMessageBytes) {
                        throw VirtException.of(ErrorCode.INTERNAL_ERROR, "QEMU monitor message longer than "
                                + maxMessageBytes + " bytes; connection closed");
                    } else {
                        line.write(b);
                    }
                }
                buffer.clear();
            }
        } catch (VirtException e) {
            end = e;
        } catch (IOException e) {
            if (channel.isOpen()) {
                end = new VirtException(ErrorCode.OPERATION_FAILED, "operation failed: QEMU monitor read failed: " + e.getMessage(), e.toString(), e);
            } else {
                end = VirtException.of(ErrorCode.OPERATION_FAILED, "the QEMU monitor connection was closed");
            }
        }
        finish(end);
    }

    private void finish(VirtException reason) {
        closeQuietly(channel);
        closed.complete(reason);
        greeting.completeExceptionally(reason);
        pending.values().forEach(f -> f.completeExceptionally(reason));
    }

    private void dispatch(String text) throws IOException {
        if (text.isBlank()) {
            return;
        }
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (IOException e) {
            throw VirtException.of(ErrorCode.INTERNAL_ERROR, "QEMU sent malformed JSON on the monitor: " + e.getMessage());
        }
        if (message.has("QMP")) {
            greeting.complete(message);
        } else if (message.has("event")) {
            JsonNode ts = message.path("timestamp");
            Instant when = Instant.ofEpochSecond(ts.path("seconds").asLong(), ts.path("microseconds").asLong() * 1000);
            JsonNode data = message.has("data") ? message.get("data") : JSON.createObjectNode();
            events.accept(new QmpEvent(message.get("event").asText(), data, when));
        } else if (message.has("id")) {
            CompletableFuture<JsonNode> waiting = pending.get(message.get("id").asText());
            if (waiting != null) {
                waiting.complete(message);
            }
        }
    }

    /** Closes the socket; the reader thread ends and every waiting command fails. */
    @Override
    public void close() {
        closeQuietly(channel);
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        finish(VirtException.of(ErrorCode.OPERATION_FAILED, "the QEMU monitor connection was closed"));
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing a socket that failed has nothing more to report.
        }
    }
}
