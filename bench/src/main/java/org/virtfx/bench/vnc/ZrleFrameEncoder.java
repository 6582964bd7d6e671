package org.virtfx.bench.vnc;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * Encodes a rectangle's tiles as a ZRLE server would, taking for each 64x64 tile the smallest
 * of solid, packed palette, palette RLE, plain RLE and raw, so the benchmark decodes the mix of
 * subencodings a real desktop produces rather than one kind.
 */
final class ZrleFrameEncoder {
    private static final int TILE = 64;

    private ZrleFrameEncoder() {
    }

    /** The uncompressed tile stream of the whole {@code width} x {@code height} picture. */
    static byte[] tiles(int[] argb, int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int ty = 0; ty < height; ty += TILE) {
            for (int tx = 0; tx < width; tx += TILE) {
                int tw = Math.min(TILE, width - tx);
                int th = Math.min(TILE, height - ty);
                int[] tile = new int[tw * th];
                for (int row = 0; row < th; row++) {
                    System.arraycopy(argb, (ty + row) * width + tx, tile, row * tw, tw);
                }
                tile(out, tile, tw, th);
            }
        }
        return out.toByteArray();
    }

    /** Deflates with a full flush, so the same bytes can be fed again and again to one inflater. */
    static byte[] deflate(Deflater deflater, byte[] data) {
        deflater.setInput(data);
        byte[] buffer = new byte[data.length + 4096];
        int length = 0;
        while (true) {
            int n = deflater.deflate(buffer, length, buffer.length - length, Deflater.FULL_FLUSH);
            length += n;
            if (length < buffer.length) {
                return Arrays.copyOf(buffer, length);
            }
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
    }

    private static void tile(ByteArrayOutputStream out, int[] tile, int tw, int th) {
        int[] palette = palette(tile, 128);
        if (palette.length == 1) {
            out.write(1);
            cpixel(out, palette[0]);
            return;
        }
        int runs = runs(tile);
        int raw = tile.length * 3;
        int plainRle = runs * 3 + runLengthBytes(tile);
        int paletteRle = palette.length <= 127 ? palette.length * 3 + runs + runLengthBytes(tile) : Integer.MAX_VALUE;
        int bits = palette.length == 2 ? 1 : palette.length <= 4 ? 2 : 4;
        int packed = palette.length <= 16 ? palette.length * 3 + th * ((tw * bits + 7) / 8) : Integer.MAX_VALUE;
        int best = Math.min(Math.min(raw, plainRle), Math.min(paletteRle, packed));
        if (best == packed) {
            out.write(palette.length);
            for (int colour : palette) {
                cpixel(out, colour);
            }
            for (int row = 0; row < th; row++) {
                int b = 0;
                int used = 0;
                for (int col = 0; col < tw; col++) {
                    b = b << bits | index(palette, tile[row * tw + col]);
                    used += bits;
                    if (used == 8) {
                        out.write(b);
                        b = 0;
                        used = 0;
                    }
                }
                if (used > 0) {
                    out.write(b << (8 - used));
                }
            }
        } else if (best == paletteRle) {
            out.write(128 + palette.length);
            for (int colour : palette) {
                cpixel(out, colour);
            }
            for (int i = 0; i < tile.length;) {
                int run = runAt(tile, i);
                int index = index(palette, tile[i]);
                if (run == 1) {
                    out.write(index);
                } else {
                    out.write(index | 0x80);
                    runLength(out, run);
                }
                i += run;
            }
        } else if (best == plainRle) {
            out.write(128);
            for (int i = 0; i < tile.length;) {
                int run = runAt(tile, i);
                cpixel(out, tile[i]);
                runLength(out, run);
                i += run;
            }
        } else {
            out.write(0);
            for (int colour : tile) {
                cpixel(out, colour);
            }
        }
    }

    /** The distinct colours, or {@code limit + 1} of them once there are more than {@code limit}. */
    private static int[] palette(int[] tile, int limit) {
        int[] colours = new int[limit + 1];
        int count = 0;
        for (int colour : tile) {
            if (index(colours, count, colour) < 0) {
                colours[count++] = colour;
                if (count > limit) {
                    break;
                }
            }
        }
        return Arrays.copyOf(colours, count);
    }

    private static int index(int[] palette, int colour) {
        return index(palette, palette.length, colour);
    }

    private static int index(int[] palette, int count, int colour) {
        for (int i = 0; i < count; i++) {
            if (palette[i] == colour) {
                return i;
            }
        }
        return -1;
    }

    private static int runAt(int[] tile, int i) {
        int run = 1;
        while (i + run < tile.length && tile[i + run] == tile[i]) {
            run++;
        }
        return run;
    }

    private static int runs(int[] tile) {
        int runs = 0;
        for (int i = 0; i < tile.length; i += runAt(tile, i)) {
            runs++;
        }
        return runs;
    }

    private static int runLengthBytes(int[] tile) {
        int bytes = 0;
        for (int i = 0; i < tile.length;) {
            int run = runAt(tile, i);
            bytes += (run - 1) / 255 + 1;
            i += run;
        }
        return bytes;
    }

    /** RFC 6143's run length: run - 1 as bytes of 255 and a last byte below 255. */
    private static void runLength(ByteArrayOutputStream out, int run) {
        int left = run - 1;
        while (left >= 255) {
            out.write(255);
            left -= 255;
        }
        out.write(left);
    }

    private static void cpixel(ByteArrayOutputStream out, int argb) {
        out.write(argb & 0xFF);
        out.write(argb >> 8 & 0xFF);
        out.write(argb >> 16 & 0xFF);
    }
}
