package org.virtfx.app.vnc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes FramebufferUpdate messages (server message 0) into a {@link Framebuffer}: the pixel
 * encodings Raw, CopyRect and ZRLE, and the pseudo-encodings DesktopSize, ExtendedDesktopSize,
 * Cursor, LastRect and QEMU's Extended Key Event announcement. Pixels arrive in
 * {@link PixelFormat#ARGB32}, which the client set before asking for any update.
 */
public final class FramebufferUpdateDecoder {
    /** A cursor larger than this is refused: no pointer image is, and its data would be allocated. */
    private static final int MAX_CURSOR_SIDE = 512;

    private final Framebuffer framebuffer;
    private final VncListener listener;
    private final ZrleDecoder zrle = new ZrleDecoder();
    private byte[] raw = new byte[0];
    // Written by the reader thread, read by whoever sends keys.
    private volatile boolean qemuKeyEvents;

    public FramebufferUpdateDecoder(Framebuffer framebuffer, VncListener listener) {
        this.framebuffer = framebuffer;
        this.listener = listener;
    }

    /** Whether the server announced QEMU's extended key events, so scancodes may be sent. */
    boolean qemuKeyEvents() {
        return qemuKeyEvents;
    }

    /**
     * Reads one FramebufferUpdate, its message type already read, and returns the regions it
     * changed (none after a resize, which the listener has been told of and repaints whole).
     */
    public List<Rect> decode(RfbInput in) throws IOException {
        in.skip(1, "the FramebufferUpdate padding");
        int count = in.u16("the FramebufferUpdate rectangle count");
        List<Rect> dirty = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Rect r = new Rect(in.u16("a rectangle's x"), in.u16("a rectangle's y"),
                    in.u16("a rectangle's width"), in.u16("a rectangle's height"));
            int encoding = in.s32("a rectangle's encoding");
            switch (encoding) {
                case Encodings.RAW -> {
                    framebuffer.check(r, "Raw");
                    raw(in, r);
                    dirty.add(r);
                }
                case Encodings.COPY_RECT -> {
                    framebuffer.check(r, "CopyRect");
                    Rect source = new Rect(in.u16("the CopyRect source x"), in.u16("the CopyRect source y"),
                            r.width(), r.height());
                    framebuffer.check(source, "CopyRect source");
                    framebuffer.copy(source.x(), source.y(), r.x(), r.y(), r.width(), r.height());
                    dirty.add(r);
                }
                case Encodings.ZRLE -> {
                    framebuffer.check(r, "ZRLE");
                    zrle.decode(in, framebuffer, r);
                    dirty.add(r);
                }
                case Encodings.DESKTOP_SIZE -> {
                    resize(r.width(), r.height());
                    dirty.clear();
                }
                case Encodings.EXTENDED_DESKTOP_SIZE -> {
                    int screens = in.u8("the ExtendedDesktopSize screen count");
                    in.skip(3 + 16 * screens, "the ExtendedDesktopSize screens");
                    // y is the status of a client's own resize request: non-zero means it failed and the size stands.
                    if (r.y() == 0) {
                        resize(r.width(), r.height());
                        dirty.clear();
                    }
                }
                case Encodings.CURSOR -> listener.cursorChanged(cursor(in, r));
                case Encodings.QEMU_EXTENDED_KEY_EVENT -> qemuKeyEvents = true;
                case Encodings.LAST_RECT -> {
                    return dirty;
                }
                default -> throw new RfbProtocolException("the server sent a rectangle in " + Encodings.name(encoding)
                        + ", which this client did not ask for");
            }
        }
        return dirty;
    }

    private void resize(int width, int height) throws RfbProtocolException {
        framebuffer.resize(width, height);
        listener.framebufferResized(framebuffer);
    }

    private void raw(RfbInput in, Rect r) throws IOException {
        int bytes = r.width() * r.height() * 4;
        if (raw.length < bytes) {
            raw = new byte[bytes];
        }
        in.readFully(raw, 0, bytes, "the Raw pixels");
        IntBuffer source = ByteBuffer.wrap(raw, 0, bytes).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer();
        int[] pixels = framebuffer.pixels();
        int stride = framebuffer.width();
        for (int row = 0; row < r.height(); row++) {
            int o = (r.y() + row) * stride + r.x();
            source.get(pixels, o, r.width());
            // The fourth byte is padding in ARGB32, not alpha: the screen is opaque.
            for (int i = o; i < o + r.width(); i++) {
                pixels[i] |= 0xFF000000;
            }
        }
    }

    private static CursorShape cursor(RfbInput in, Rect r) throws IOException {
        if (r.width() > MAX_CURSOR_SIDE || r.height() > MAX_CURSOR_SIDE) {
            throw new RfbProtocolException("the server sent a " + r.width() + "x" + r.height()
                    + " cursor, larger than " + MAX_CURSOR_SIDE + " pixels a side");
        }
        byte[] colours = in.bytes(r.width() * r.height() * 4, "the cursor pixels");
        int maskRow = (r.width() + 7) / 8;
        byte[] mask = in.bytes(maskRow * r.height(), "the cursor mask");
        int[] argb = new int[r.width() * r.height()];
        for (int y = 0; y < r.height(); y++) {
            for (int x = 0; x < r.width(); x++) {
                boolean shown = (mask[y * maskRow + x / 8] & (0x80 >>> (x % 8))) != 0;
                int i = (y * r.width() + x) * 4;
                argb[y * r.width() + x] = shown
                        ? 0xFF000000 | (colours[i + 2] & 0xFF) << 16 | (colours[i + 1] & 0xFF) << 8 | (colours[i] & 0xFF)
                        : 0;
            }
        }
        // For Cursor the rectangle's x and y are the hot spot, not a position.
        return new CursorShape(r.width(), r.height(), r.x(), r.y(), argb);
    }
}
