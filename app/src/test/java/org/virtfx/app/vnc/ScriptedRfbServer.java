package org.virtfx.app.vnc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.Deflater;

/**
 * The server side of a test's RFB conversation on a UNIX socket, played line by line by the
 * test itself while the client runs on another thread: what it writes is built with
 * {@link Message}, what it reads is checked byte for byte.
 */
public final class ScriptedRfbServer implements AutoCloseable {
    private final Path socket;
    private final ServerSocketChannel server;
    private SocketChannel peer;

    public ScriptedRfbServer(Path dir) throws IOException {
        socket = dir.resolve("vnc.sock");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
    }

    public Path socket() {
        return socket;
    }

    public void accept() throws IOException {
        peer = server.accept();
    }

    public void send(Message message) throws IOException {
        send(message.bytes());
    }

    public void send(byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            peer.write(buffer);
        }
    }

    public ByteBuffer read(int count) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(count);
        while (buffer.hasRemaining()) {
            if (peer.read(buffer) < 0) {
                throw new IOException("the client closed the connection after " + buffer.position() + " of " + count + " bytes");
            }
        }
        return buffer.flip();
    }

    public String readText(int count) throws IOException {
        return StandardCharsets.ISO_8859_1.decode(read(count)).toString();
    }

    /** Accepts the client, greets it with RFB {@code version} ("003.008") and returns the version it answers. */
    public String greet(String version) throws IOException {
        accept();
        send(("RFB " + version + "\n").getBytes(StandardCharsets.ISO_8859_1));
        return readText(12);
    }

    /** Plays a 3.8 server with no security up to ServerInit and reads the client's set-up messages. */
    public void handshake(int width, int height) throws IOException {
        assertEquals("RFB 003.008\n", greet("003.008"));
        send(new Message().u8(1).u8(1));
        assertEquals(1, read(1).get(), "security type chosen");
        send(new Message().u32(0));
        initialise(width, height, "guest");
    }

    /** Reads ClientInit, sends ServerInit and reads the client's set-up messages. */
    public void initialise(int width, int height, String name) throws IOException {
        assertEquals(1, read(1).get(), "ClientInit asks for a shared session");
        send(serverInit(width, height, name));
        readSetUp();
    }

    /** SetPixelFormat, SetEncodings and the first FramebufferUpdateRequest, checked. */
    public int[] readSetUp() throws IOException {
        ByteBuffer format = read(20);
        assertEquals(0, format.get(0), "SetPixelFormat");
        assertEquals(32, format.get(4), "bits per pixel");
        assertEquals(0, format.get(6), "little-endian");
        assertEquals(16, format.get(14), "red shift");
        ByteBuffer header = read(4);
        assertEquals(2, header.get(0), "SetEncodings");
        int[] encodings = new int[header.getShort(2)];
        ByteBuffer list = read(4 * encodings.length);
        for (int i = 0; i < encodings.length; i++) {
            encodings[i] = list.getInt();
        }
        ByteBuffer request = read(10);
        assertEquals(3, request.get(0), "FramebufferUpdateRequest");
        assertEquals(0, request.get(1), "the first request is not incremental");
        return encodings;
    }

    public static Message serverInit(int width, int height, String name) {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        return new Message().u16(width).u16(height)
                .u8(32).u8(24).u8(0).u8(1).u16(255).u16(255).u16(255).u8(16).u8(8).u8(0).pad(3)
                .u32(nameBytes.length).raw(nameBytes);
    }

    @Override
    public void close() throws IOException {
        if (peer != null) {
            peer.close();
        }
        server.close();
    }

    /** Big-endian RFB fields, and zlib data kept in one stream as a ZRLE server keeps it. */
    public static final class Message {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final DataOutputStream out = new DataOutputStream(bytes);

        public Message u8(int value) {
            return write(() -> out.writeByte(value));
        }

        public Message u16(int value) {
            return write(() -> out.writeShort(value));
        }

        public Message u32(int value) {
            return write(() -> out.writeInt(value));
        }

        public Message pad(int count) {
            return raw(new byte[count]);
        }

        public Message raw(byte[] data) {
            return write(() -> out.write(data));
        }

        /** A rectangle header: x, y, width, height, encoding. */
        public Message rect(int x, int y, int w, int h, int encoding) {
            return u16(x).u16(y).u16(w).u16(h).u32(encoding);
        }

        /** One ARGB32 pixel on the wire: blue, green, red, padding. */
        public Message pixel(int rgb) {
            return u8(rgb & 0xFF).u8(rgb >> 8 & 0xFF).u8(rgb >> 16 & 0xFF).u8(0);
        }

        /** One ZRLE CPIXEL: blue, green, red. */
        public Message cpixel(int rgb) {
            return u8(rgb & 0xFF).u8(rgb >> 8 & 0xFF).u8(rgb >> 16 & 0xFF);
        }

        /** This message's bytes through the session's deflater, with the length prefix ZRLE puts first. */
        public Message zlib(Deflater deflater, Message data) {
            byte[] input = data.bytes();
            deflater.setInput(input);
            byte[] buffer = new byte[input.length + 1024];
            int length = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
            u32(length);
            return write(() -> out.write(buffer, 0, length));
        }

        public byte[] bytes() {
            return bytes.toByteArray();
        }

        private Message write(IoAction action) {
            try {
                action.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        private interface IoAction {
            void run() throws IOException;
        }
    }
}
