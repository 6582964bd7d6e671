package org.virtfx.app.vnc;

import java.io.IOException;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * ZRLE (encoding 16): 64x64 tiles, each raw, solid, palette-packed or run-length coded, in one
 * zlib stream that lasts the whole session (RFC 6143, 7.7.6). The {@link Inflater} is kept
 * across rectangles because the server's deflater is: a fresh one would fail on the second
 * rectangle. Pixels are CPIXELs, the three low bytes (blue, green, red) of {@link PixelFormat#ARGB32}.
 */
final class ZrleDecoder {
    private static final int TILE = 64;
    /** A rectangle's compressed data beyond this is refused rather than allocated. */
    private static final int MAX_COMPRESSED = 64 * 1024 * 1024;

    private final Inflater inflater = new Inflater();
    private byte[] compressed = new byte[64 * 1024];
    private byte[] data = new byte[256 * 1024];
    private final int[] palette = new int[128];

    void decode(RfbInput in, Framebuffer fb, Rect r) throws IOException {
        int length = in.length("the ZRLE data length", MAX_COMPRESSED);
        if (compressed.length < length) {
            compressed = new byte[length];
        }
        in.readFully(compressed, 0, length, "the ZRLE data");
        int size = inflate(length);
        int end;
        try {
            end = tiles(fb, r, size);
        } catch (ArrayIndexOutOfBoundsException e) {
            end = Integer.MAX_VALUE;
        }
        if (end > size) {
            throw new RfbProtocolException("the ZRLE data of a " + r.width() + "x" + r.height()
                    + " rectangle ends before its last tile (" + size + " bytes inflated)");
        }
    }

    private int inflate(int length) throws RfbProtocolException {
        inflater.setInput(compressed, 0, length);
        int size = 0;
        try {
            while (true) {
                if (size == data.length) {
                    data = java.util.Arrays.copyOf(data, data.length * 2);
                }
                int got = inflater.inflate(data, size, data.length - size);
                size += got;
                if (got == 0 && (inflater.needsInput() || inflater.finished())) {
                    return size;
                }
                if (got == 0 && inflater.needsDictionary()) {
                    throw new RfbProtocolException("the ZRLE zlib stream asks for a preset dictionary");
                }
            }
        } catch (DataFormatException e) {
            throw new RfbProtocolException("the ZRLE data is not a valid zlib stream: " + e.getMessage(), e);
        }
    }

    /** Decodes every tile; returns the offset after the last one (past {@code size} if the data was short). */
    private int tiles(Framebuffer fb, Rect r, int size) throws RfbProtocolException {
        byte[] d = data;
        int[] pixels = fb.pixels();
        int stride = fb.width();
        int p = 0;
        for (int ty = r.y(); ty < r.y() + r.height(); ty += TILE) {
            int th = Math.min(TILE, r.y() + r.height() - ty);
            for (int tx = r.x(); tx < r.x() + r.width(); tx += TILE) {
                int tw = Math.min(TILE, r.x() + r.width() - tx);
                int base = ty * stride + tx;
                int sub = d[p++] & 0xFF;
                if (sub == 0) {
                    for (int row = 0; row < th; row++) {
                        int o = base + row * stride;
                        for (int col = 0; col < tw; col++, p += 3) {
                            pixels[o + col] = cpixel(d, p);
                        }
                    }
                } else if (sub == 1) {
                    int colour = cpixel(d, p);
                    p += 3;
                    for (int row = 0; row < th; row++) {
                        int o = base + row * stride;
                        java.util.Arrays.fill(pixels, o, o + tw, colour);
                    }
                } else if (sub <= 16) {
                    p = readPalette(d, p, sub);
                    p = packed(d, p, pixels, base, stride, tw, th, sub);
                } else if (sub == 128) {
                    p = runs(d, p, pixels, base, stride, tw, th, false);
                } else if (sub >= 130) {
                    p = readPalette(d, p, sub - 128);
                    p = runs(d, p, pixels, base, stride, tw, th, true);
                } else {
                    throw new RfbProtocolException("the ZRLE tile at " + tx + "," + ty
                            + " has subencoding " + sub + ", which RFC 6143 leaves unused");
                }
                if (p > size) {
                    return p;
                }
            }
        }
        return p;
    }

    private int readPalette(byte[] d, int p, int count) {
        for (int i = 0; i < count; i++, p += 3) {
            palette[i] = cpixel(d, p);
        }
        return p;
    }

    private int packed(byte[] d, int p, int[] pixels, int base, int stride, int tw, int th, int colours) {
        int bits = colours == 2 ? 1 : colours <= 4 ? 2 : 4;
        int mask = (1 << bits) - 1;
        for (int row = 0; row < th; row++) {
            int o = base + row * stride;
            int shift = -1;
            int b = 0;
            // Each row starts on a byte boundary; indexes are packed most significant bits first.
            for (int col = 0; col < tw; col++) {
                if (shift < 0) {
                    b = d[p++] & 0xFF;
                    shift = 8 - bits;
                }
                pixels[o + col] = palette[(b >>> shift) & mask];
                shift -= bits;
            }
        }
        return p;
    }

    private int runs(byte[] d, int p, int[] pixels, int base, int stride, int tw, int th, boolean paletted)
            throws RfbProtocolException {
        int total = tw * th;
        int i = 0;
        while (i < total) {
            int colour;
            int run = 1;
            if (paletted) {
                int index = d[p++] & 0xFF;
                colour = palette[index & 0x7F];
                if (index >= 128) {
                    int b;
                    do {
                        b = d[p++] & 0xFF;
                        run += b;
                    } while (b == 255);
                }
            } else {
                colour = cpixel(d, p);
                p += 3;
                int b;
                do {
                    b = d[p++] & 0xFF;
                    run += b;
                } while (b == 255);
            }
            if (run > total - i) {
                throw new RfbProtocolException("a ZRLE run of " + run + " pixels overflows its " + tw + "x" + th + " tile");
            }
            // A run may span rows of the tile: fill it row segment by row segment.
            while (run > 0) {
                int row = i / tw;
                int col = i - row * tw;
                int step = Math.min(run, tw - col);
                int o = base + row * stride + col;
                java.util.Arrays.fill(pixels, o, o + step, colour);
                i += step;
                run -= step;
            }
        }
        return p;
    }

    private static int cpixel(byte[] d, int p) {
        return 0xFF000000 | (d[p + 2] & 0xFF) << 16 | (d[p + 1] & 0xFF) << 8 | (d[p] & 0xFF);
    }
}
