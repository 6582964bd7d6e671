package org.virtfx.drivers.test;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The screen of a test domain: a grey picture of the size of libvirt's test screenshot
 * (1120x832), shaded top to bottom, with a lighter panel placed after the domain's UUID so
 * that two domains' pictures differ. It is drawn, not read from a file, as a binary PPM.
 */
final class TestScreen {
    static final int WIDTH = 1120;
    static final int HEIGHT = 832;

    private TestScreen() {
    }

    static byte[] picture(UUID uuid) {
        byte[] header = ("P6\n" + WIDTH + " " + HEIGHT + "\n255\n").getBytes(StandardCharsets.US_ASCII);
        byte[] ppm = new byte[header.length + 3 * WIDTH * HEIGHT];
        System.arraycopy(header, 0, ppm, 0, header.length);
        int panelX = (int) Math.floorMod(uuid.getMostSignificantBits(), WIDTH / 2L);
        int panelY = (int) Math.floorMod(uuid.getLeastSignificantBits(), HEIGHT / 2L);
        int p = header.length;
        for (int y = 0; y < HEIGHT; y++) {
            int shade = 40 + 120 * y / HEIGHT;
            boolean panelRow = y >= panelY && y < panelY + HEIGHT / 3;
            for (int x = 0; x < WIDTH; x++) {
                byte grey = (byte) (panelRow && x >= panelX && x < panelX + WIDTH / 3 ? 230 : shade);
                ppm[p++] = grey;
                ppm[p++] = grey;
                ppm[p++] = grey;
            }
        }
        return ppm;
    }
}
