package org.virtfx.bench.manager;

import java.awt.AWTException;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.concurrent.TimeUnit;

/**
 * One "rows drawn" signal for any manager window, VirtFX's or virt-manager's, read from the
 * screen of a private X server with a white root window (Xvfb {@code -wr}), as a person would
 * see it: the screen is photographed every {@link #POLL_MS} ms and the lines of dark text on it
 * are counted (a line is a run of pixel rows holding dark pixels). An empty screen has none, a
 * mapped window without rows has its menu, toolbar and column titles, and every domain row adds
 * its name and state. The rows are drawn at the first photograph whose count reached the count
 * that then held for {@link #SETTLE_MS} ms; neither app's own idea of "done" is used, so the two
 * are timed by the same rule.
 */
final class ScreenRows {
    static final int POLL_MS = 20;
    static final int SETTLE_MS = 3000;
    /**
     * A screen with fewer text lines has no domain rows on it yet. Before its rows, VirtFX's
     * window shows 12 (menu, toolbar, filter, titles, connection) and then one per row (the
     * bold name); virt-manager's shows 3 and then three per row (name, state, graph frame). A
     * 1280x900 screen shows 24 and 33 with the rows drawn.
     */
    static final int MIN_LINES = 20;
    /** Darker than this in every channel is text; the blue of icons, graphs and selections is not. */
    private static final int DARK = 90;
    /** Dark pixels a pixel row needs to count as ink: a lone dark dot of a border does not. */
    private static final int MIN_DARK_PIXELS = 3;

    private final Robot robot;
    private final Rectangle screen;

    ScreenRows() throws AWTException {
        this.robot = new Robot();
        this.screen = new Rectangle(java.awt.Toolkit.getDefaultToolkit().getScreenSize());
    }

    /** When the screen's rows were drawn, and how many text lines it then showed. */
    record Drawn(long nanosSinceSpawn, int lines) {
        double seconds() {
            return nanosSinceSpawn / 1e9;
        }
    }

    /**
     * Photographs the screen until its count of text lines has held for {@link #SETTLE_MS} ms at
     * {@link #MIN_LINES} or more; returns the first moment that count was on the screen.
     */
    Drawn awaitRows(Process app, long spawnedNanos, int timeoutSeconds) throws InterruptedException {
        long deadline = spawnedNanos + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        int current = -1;
        long since = 0;
        while (System.nanoTime() < deadline) {
            long shot = System.nanoTime();
            int lines = textLines(capture());
            if (lines != current) {
                current = lines;
                since = shot;
            } else if (current >= MIN_LINES && shot - since >= TimeUnit.MILLISECONDS.toNanos(SETTLE_MS)) {
                return new Drawn(since - spawnedNanos, current);
            }
            if (!app.isAlive()) {
                throw new IllegalStateException("the app ended (exit " + app.exitValue() + ") before its rows were drawn");
            }
            Thread.sleep(POLL_MS);
        }
        throw new IllegalStateException("no rows drawn within " + timeoutSeconds + " s (last count of text lines: " + current + ")");
    }

    /** Waits until no text is left on the screen, so the next app starts on an empty one. */
    void awaitBlank(int timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (textLines(capture()) > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the screen still shows a window " + timeoutSeconds + " s after its app ended");
            }
            Thread.sleep(POLL_MS);
        }
    }

    private BufferedImage capture() {
        BufferedImage shot = robot.createScreenCapture(screen);
        if (shot.getType() == BufferedImage.TYPE_INT_RGB && shot.getRaster().getDataBuffer() instanceof DataBufferInt) {
            return shot;
        }
        BufferedImage rgb = new BufferedImage(shot.getWidth(), shot.getHeight(), BufferedImage.TYPE_INT_RGB);
        rgb.getGraphics().drawImage(shot, 0, 0, null);
        return rgb;
    }

    static int textLines(BufferedImage image) {
        int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        return textLines(pixels, image.getWidth(), image.getHeight());
    }

    /** Runs of pixel rows with dark pixels in them, in an RGB image of {@code width} by {@code height}. */
    static int textLines(int[] rgb, int width, int height) {
        int lines = 0;
        boolean inLine = false;
        for (int y = 0; y < height; y++) {
            int dark = 0;
            for (int x = y * width, end = x + width; x < end && dark < MIN_DARK_PIXELS; x++) {
                int p = rgb[x];
                if ((p >> 16 & 0xff) < DARK && (p >> 8 & 0xff) < DARK && (p & 0xff) < DARK) {
                    dark++;
                }
            }
            boolean ink = dark >= MIN_DARK_PIXELS;
            if (ink && !inLine) {
                lines++;
            }
            inLine = ink;
        }
        return lines;
    }
}
