package org.virtfx.drivers.libvirt;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/**
 * Screenshots as core promises them, binary PPM (P6), from whatever image type the hypervisor
 * behind libvirt chose: QEMU's PPM passes through untouched, a PNG (libvirt's test driver, or a
 * QEMU that libvirt asks for PNG) is decoded and written again as PPM.
 */
final class ScreenImages {
    static final String PPM = "image/x-portable-pixmap";
    static final String PNG = "image/png";

    private ScreenImages() {
    }

    /**
     * The image as a P6 PPM.
     *
     * @throws VirtException naming the type when it is neither PPM nor PNG, or the image when it
     *     cannot be decoded
     */
    static byte[] asPpm(String mimeType, byte[] image) {
        if (mimeType.equals(PPM)) {
            return image;
        }
        if (!mimeType.equals(PNG)) {
            throw VirtException.of(ErrorCode.INTERNAL_ERROR,
                    "the screenshot came as " + mimeType + ", which VirtFX cannot read (only " + PPM + " and " + PNG + ")");
        }
        BufferedImage decoded;
        try {
            decoded = ImageIO.read(new ByteArrayInputStream(image));
        } catch (IOException e) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, "the PNG screenshot cannot be decoded", e.getMessage(), e);
        }
        if (decoded == null) {
            throw VirtException.of(ErrorCode.INTERNAL_ERROR,
                    "the PNG screenshot cannot be decoded (" + image.length + " bytes)");
        }
        return ppm(decoded);
    }

    private static byte[] ppm(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 + 3 * width * height);
        out.writeBytes(("P6\n" + width + " " + height + "\n255\n").getBytes(StandardCharsets.US_ASCII));
        int[] row = new int[width];
        byte[] rgb = new byte[3 * width];
        for (int y = 0; y < height; y++) {
            image.getRGB(0, y, width, 1, row, 0, width);
            for (int x = 0; x < width; x++) {
                rgb[3 * x] = (byte) (row[x] >> 16);
                rgb[3 * x + 1] = (byte) (row[x] >> 8);
                rgb[3 * x + 2] = (byte) row[x];
            }
            out.writeBytes(rgb);
        }
        return out.toByteArray();
    }
}
