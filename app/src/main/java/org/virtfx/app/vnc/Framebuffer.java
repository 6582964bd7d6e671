package org.virtfx.app.vnc;

import java.util.Arrays;

/**
 * The remote screen as ARGB ints, row after row. Only the client's reader thread writes it,
 * between the listener calls that announce the changes, so a listener reads a consistent
 * picture of the regions it is told about.
 */
public final class Framebuffer {
    /** RFB sizes are 16-bit; this refuses what no real screen is, before allocating it. */
    static final int MAX_PIXELS = 16384 * 16384;

    private int width;
    private int height;
    private int[] pixels;

    public Framebuffer(int width, int height) throws RfbProtocolException {
        this.width = width;
        this.height = height;
        this.pixels = new int[checkedSize(width, height)];
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The live pixel array (width times height, row-major); read it only on the listener's thread. */
    public int[] pixels() {
        return pixels;
    }

    public int pixel(int x, int y) {
        return pixels[y * width + x];
    }

    /** A new size from DesktopSize: the content is black until the server repaints it. */
    void resize(int newWidth, int newHeight) throws RfbProtocolException {
        int size = checkedSize(newWidth, newHeight);
        width = newWidth;
        height = newHeight;
        pixels = new int[size];
        Arrays.fill(pixels, 0xFF000000);
    }

    void fill(int x, int y, int w, int h, int argb) {
        for (int row = y; row < y + h; row++) {
            int start = row * width + x;
            Arrays.fill(pixels, start, start + w, argb);
        }
    }

    void copy(int srcX, int srcY, int x, int y, int w, int h) {
        // Rows are walked away from the overlap so an overlapping copy reads each row before it is overwritten.
        if (srcY >= y) {
            for (int row = 0; row < h; row++) {
                System.arraycopy(pixels, (srcY + row) * width + srcX, pixels, (y + row) * width + x, w);
            }
        } else {
            for (int row = h - 1; row >= 0; row--) {
                System.arraycopy(pixels, (srcY + row) * width + srcX, pixels, (y + row) * width + x, w);
            }
        }
    }

    void check(Rect r, String encoding) throws RfbProtocolException {
        if (r.x() + r.width() > width || r.y() + r.height() > height) {
            throw new RfbProtocolException("a " + encoding + " rectangle " + r.width() + "x" + r.height() + " at "
                    + r.x() + "," + r.y() + " lies outside the " + width + "x" + height + " framebuffer");
        }
    }

    private static int checkedSize(int w, int h) throws RfbProtocolException {
        if (w < 0 || h < 0 || (long) w * h > MAX_PIXELS) {
            throw new RfbProtocolException("the server asks for a " + w + "x" + h + " framebuffer, larger than "
                    + MAX_PIXELS + " pixels");
        }
        return w * h;
    }
}
