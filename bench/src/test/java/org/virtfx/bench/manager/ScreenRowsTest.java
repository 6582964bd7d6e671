package org.virtfx.bench.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ScreenRowsTest {
    private static final int WIDTH = 40;
    private static final int WHITE = 0xffffff;

    @Test
    void anEmptyWhiteScreenHasNoTextLines() {
        assertEquals(0, ScreenRows.textLines(screen(30), WIDTH, 30));
    }

    @Test
    void eachRunOfPixelRowsWithDarkTextIsOneLine() {
        int[] rgb = screen(30);
        ink(rgb, 2, 0x202020, 5);   // a line of text two pixel rows tall
        ink(rgb, 3, 0x202020, 5);
        ink(rgb, 10, 0x000000, 8);  // another, after a gap
        ink(rgb, 20, 0x404040, 3);
        assertEquals(3, ScreenRows.textLines(rgb, WIDTH, 30));
    }

    @Test
    void blueGraphsSelectionsAndLoneDotsAreNotText() {
        int[] rgb = screen(30);
        ink(rgb, 4, 0x3584e4, 30);  // a selection or a CPU graph in blue
        ink(rgb, 8, 0xc0c0c0, 30);  // a light grid line
        ink(rgb, 12, 0x000000, 2);  // a border's corner pixels
        assertEquals(0, ScreenRows.textLines(rgb, WIDTH, 30));
    }

    private static int[] screen(int height) {
        int[] rgb = new int[WIDTH * height];
        Arrays.fill(rgb, WHITE);
        return rgb;
    }

    private static void ink(int[] rgb, int y, int colour, int pixels) {
        for (int x = 0; x < pixels; x++) {
            rgb[y * WIDTH + 2 * x % WIDTH] = colour;
        }
    }
}
