package org.virtfx.app.console;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** A copy of the guest's screen, ARGB pixels row after row, as the VNC framebuffer held it. */
record Screen(int width, int height, int[] argb) {
    Screen {
        if (argb.length != width * height) {
            throw new IllegalArgumentException(width + "x" + height + " pixels, not " + argb.length);
        }
    }

    /** Writes the screen as an opaque PNG (the framebuffer's alpha byte means nothing). */
    void writePng(Path file) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, width, height, argb, 0, width);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        if (!ImageIO.write(image, "png", png)) {
            throw new IOException("this Java runtime cannot write PNG images");
        }
        Files.write(file, png.toByteArray());
    }
}
