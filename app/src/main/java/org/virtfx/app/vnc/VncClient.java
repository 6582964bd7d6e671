package org.virtfx.app.vnc;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * One RFB session over a channel the caller trusts: a UNIX domain socket (QEMU's
 * {@code -vnc unix:PATH}) or a connected channel handed over (libvirt's graphics descriptor).
 * It never opens a TCP port. {@link #open} runs the handshake on the calling thread, which must
 * not be the FX thread; {@link #start} reads the server's messages on a thread of its own and
 * asks for the next incremental update after each one, so an idle screen costs nothing.
 * Input methods may be called from any thread.
 */
public final class VncClient implements AutoCloseable {
    private static final int MAX_CUT_TEXT = 16 * 1024 * 1024;

    private final ByteChannel channel;
    private final RfbInput in;
    private final ServerInit init;
    private final Framebuffer framebuffer;
    private final FramebufferUpdateDecoder decoder;
    private final VncListener listener;
    private volatile boolean closing;
    private Thread reader;

    private VncClient(ByteChannel channel, RfbInput in, ServerInit init, VncListener listener) throws RfbProtocolException {
        this.channel = channel;
        this.in = in;
        this.init = init;
        this.listener = listener;
        this.framebuffer = new Framebuffer(init.width(), init.height());
        this.decoder = new FramebufferUpdateDecoder(framebuffer, listener);
    }

    /** Connects to a VNC server listening on a UNIX socket; {@code password} may be null. */
    public static VncClient connect(Path socket, String password, VncListener listener) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            channel.close();
            throw new IOException("cannot connect to the VNC socket " + socket + ": " + e.getMessage(), e);
        }
        return open(channel, password, listener);
    }

    /**
     * Runs the handshake on a connected channel (the client owns it from now on and closes it on
     * failure), sets the pixel format and encodings and asks for the whole screen.
     */
    public static VncClient open(ByteChannel channel, String password, VncListener listener) throws IOException {
        try {
            RfbInput in = new RfbInput(channel);
            ServerInit init = new RfbHandshake(in, channel, password).run();
            VncClient client = new VncClient(channel, in, init, listener);
            client.setUp();
            return client;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private void setUp() throws IOException {
        ByteBuffer format = ByteBuffer.allocate(20);
        format.put((byte) 0).put(new byte[3]);
        PixelFormat.ARGB32.write(format);
        send(format.flip());
        ByteBuffer encodings = ByteBuffer.allocate(4 + 4 * Encodings.REQUESTED.length);
        encodings.put((byte) 2).put((byte) 0).putShort((short) Encodings.REQUESTED.length);
        for (int encoding : Encodings.REQUESTED) {
            encodings.putInt(encoding);
        }
        send(encodings.flip());
        requestUpdate(false);
    }

    public ServerInit serverInit() {
        return init;
    }

    public Framebuffer framebuffer() {
        return framebuffer;
    }

    /** Whether the server takes QEMU's extended key events, so {@link #key(boolean, int, int)} sends scancodes. */
    public boolean sendsScancodes() {
        return decoder.qemuKeyEvents();
    }

    /** Starts the reader thread; the listener hears every update and, last, {@code disconnected}. */
    public synchronized void start() {
        if (reader != null) {
            throw new IllegalStateException("the VNC session is already started");
        }
        reader = new Thread(this::readLoop, "vnc " + init.name());
        reader.setDaemon(true);
        reader.start();
    }

    private void readLoop() {
        IOException error = null;
        try {
            while (true) {
                readMessage();
            }
        } catch (ClosedChannelException e) {
            error = closing ? null : new RfbProtocolException("the VNC connection was closed", e);
        } catch (IOException e) {
            error = closing ? null : e;
        } catch (RuntimeException e) {
            error = new RfbProtocolException("the VNC client failed on the server's data: " + e, e);
        } finally {
            closeQuietly();
        }
        listener.disconnected(error);
    }

    private void readMessage() throws IOException {
        int type = in.u8("the type of the server's next message");
        switch (type) {
            case 0 -> {
                List<Rect> dirty = decoder.decode(in);
                listener.framebufferUpdated(framebuffer, dirty);
                requestUpdate(true);
            }
            case 1 -> {
                // SetColourMapEntries: only for colour-mapped formats, which this client never sets; skipped.
                in.skip(3, "the SetColourMapEntries header");
                int count = in.u16("the number of colour map entries");
                in.skip(6 * count, "the colour map entries");
            }
            case 2 -> listener.bell();
            case 3 -> {
                in.skip(3, "the ServerCutText padding");
                int length = in.length("the ServerCutText length", MAX_CUT_TEXT);
                listener.serverCutText(new String(in.bytes(length, "the ServerCutText text"), StandardCharsets.ISO_8859_1));
            }
            default -> throw new RfbProtocolException("the server sent message type " + type
                    + ", which this client did not ask for");
        }
    }

    /** FramebufferUpdateRequest for the whole screen; incremental asks only for what changed. */
    public void requestUpdate(boolean incremental) throws IOException {
        ByteBuffer message = ByteBuffer.allocate(10);
        message.put((byte) 3).put((byte) (incremental ? 1 : 0)).putShort((short) 0).putShort((short) 0)
                .putShort((short) framebuffer.width()).putShort((short) framebuffer.height());
        send(message.flip());
    }

    /** PointerEvent: {@code buttons} is RFB's mask (bit 0 left, 1 middle, 2 right, 3/4 wheel up/down). */
    public void pointer(int buttons, int x, int y) throws IOException {
        ByteBuffer message = ByteBuffer.allocate(6);
        message.put((byte) 5).put((byte) buttons)
                .putShort((short) clamp(x, framebuffer.width())).putShort((short) clamp(y, framebuffer.height()));
        send(message.flip());
    }

    /** KeyEvent with an X keysym: the server maps it through its own keyboard layout. */
    public void key(boolean down, int keysym) throws IOException {
        ByteBuffer message = ByteBuffer.allocate(8);
        message.put((byte) 4).put((byte) (down ? 1 : 0)).putShort((short) 0).putInt(keysym);
        send(message.flip());
    }

    /**
     * A key with its XT scancode as well: QEMU's extended key event (message 255, sub-type 0)
     * when the server announced it, so the guest's own layout decides the character; a plain
     * KeyEvent otherwise. Scancodes of E0-prefixed keys carry the prefix as bit 7 (0xE0 0x1D,
     * right Ctrl, is 0x9D), as QEMU's extension defines; 0 means "no scancode known".
     */
    public void key(boolean down, int keysym, int xtScancode) throws IOException {
        if (xtScancode == 0 || !sendsScancodes()) {
            key(down, keysym);
            return;
        }
        ByteBuffer message = ByteBuffer.allocate(12);
        message.put((byte) 255).put((byte) 0).putShort((short) (down ? 1 : 0)).putInt(keysym).putInt(xtScancode);
        send(message.flip());
    }

    /** ClientCutText: RFB's clipboard is Latin-1; characters beyond it become '?'. */
    public void cutText(String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer message = ByteBuffer.allocate(8 + bytes.length);
        message.put((byte) 6).put(new byte[3]).putInt(bytes.length).put(bytes);
        send(message.flip());
    }

    private void send(ByteBuffer message) throws IOException {
        // One writer at a time, so messages from the UI and the reader's update requests never interleave.
        synchronized (channel) {
            while (message.hasRemaining()) {
                channel.write(message);
            }
        }
    }

    private static int clamp(int value, int size) {
        return Math.max(0, Math.min(value, size - 1));
    }

    /** Closes the session: the reader thread ends and the listener hears {@code disconnected(null)}. */
    @Override
    public void close() {
        closing = true;
        closeQuietly();
        Thread thread;
        synchronized (this) {
            thread = reader;
        }
        if (thread != null && thread != Thread.currentThread()) {
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void closeQuietly() {
        try {
            channel.close();
        } catch (IOException e) {
            // Closing a socket that is already gone has nothing to report.
        }
    }
}
