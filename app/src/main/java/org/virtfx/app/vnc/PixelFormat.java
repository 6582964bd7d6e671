package org.virtfx.app.vnc;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * RFB's PIXEL_FORMAT (16 bytes). The client always asks for {@link #ARGB32}: 32-bit
 * little-endian true colour with red at bit 16, green at 8 and blue at 0, which is a Java ARGB
 * int once the alpha byte is set, so decoders copy pixels instead of converting them.
 */
public record PixelFormat(int bitsPerPixel, int depth, boolean bigEndian, boolean trueColour,
                          int redMax, int greenMax, int blueMax, int redShift, int greenShift, int blueShift) {

    public static final PixelFormat ARGB32 = new PixelFormat(32, 24, false, true, 255, 255, 255, 16, 8, 0);

    static PixelFormat read(RfbInput in) throws IOException {
        PixelFormat format = new PixelFormat(in.u8("the bits per pixel"), in.u8("the colour depth"),
                in.u8("the big-endian flag") != 0, in.u8("the true-colour flag") != 0,
                in.u16("the red maximum"), in.u16("the green maximum"), in.u16("the blue maximum"),
                in.u8("the red shift"), in.u8("the green shift"), in.u8("the blue shift"));
        in.skip(3, "the pixel format's padding");
        return format;
    }

    void write(ByteBuffer out) {
        out.put((byte) bitsPerPixel).put((byte) depth).put((byte) (bigEndian ? 1 : 0)).put((byte) (trueColour ? 1 : 0))
                .putShort((short) redMax).putShort((short) greenMax).putShort((short) blueMax)
                .put((byte) redShift).put((byte) greenShift).put((byte) blueShift)
                .put(new byte[3]);
    }
}
