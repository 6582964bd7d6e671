package org.virtfx.bench.vnc;

import java.util.Random;

/**
 * A synthetic 1280x800 desktop as ARGB pixels, shaped like what a guest shows: a flat
 * background, a window with a title bar and lines of small glyphs in a few greys, and a
 * photo-like panel of many colours. Seeded, so every run decodes the same picture.
 */
final class DesktopFrame {
    static final int WIDTH = 1280;
    static final int HEIGHT = 800;

    private DesktopFrame() {
    }

    static int[] pixels() {
        int[] argb = new int[WIDTH * HEIGHT];
        java.util.Arrays.fill(argb, 0xFF2E3440);
        Random random = new Random(42);
        fill(argb, 100, 80, 900, 30, 0xFF4C566A);
        fill(argb, 100, 110, 900, 570, 0xFFFFFFFF);
        int[] ink = {0xFF202020, 0xFF606060, 0xFFA0A0A0};
        for (int line = 120; line + 12 < 670; line += 18) {
            int x = 110;
            while (x < 980) {
                int word = 3 + random.nextInt(8);
                for (int g = 0; g < word && x + 7 < 990; g++, x += 7) {
                    glyph(argb, x, line, random, ink);
                }
                x += 7;
            }
        }
        for (int y = 100; y < 700; y++) {
            for (int x = 1020; x < 1260; x++) {
                int r = (int) (128 + 100 * Math.sin(x / 23.0) + random.nextInt(20)) & 0xFF;
                int g = (int) (128 + 100 * Math.cos(y / 31.0) + random.nextInt(20)) & 0xFF;
                int b = (x * y / 97 + random.nextInt(20)) & 0xFF;
                argb[y * WIDTH + x] = 0xFF000000 | r << 16 | g << 8 | b;
            }
        }
        return argb;
    }

    private static void glyph(int[] argb, int x, int y, Random random, int[] ink) {
        for (int row = 0; row < 12; row++) {
            int bits = random.nextInt(64);
            for (int col = 0; col < 6; col++) {
                if ((bits >> col & 1) != 0 && random.nextInt(3) > 0) {
                    argb[(y + row) * WIDTH + x + col] = ink[random.nextInt(ink.length)];
                }
            }
        }
    }

    private static void fill(int[] argb, int x, int y, int w, int h, int colour) {
        for (int row = y; row < y + h; row++) {
            java.util.Arrays.fill(argb, row * WIDTH + x, row * WIDTH + x + w, colour);
        }
    }
}
