package org.virtfx.app.cli;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import javax.imageio.ImageIO;
import org.virtfx.core.domain.DomainSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * virsh's {@code screenshot DOMAIN [FILE]}: the guest's screen saved as the driver gives it
 * (PPM), or as PNG when the file name ends {@code .png}. Without a file name, virsh's
 * {@code DOMAIN-YYYY-MM-DD-HH:MM:SS.ppm} in the current directory.
 */
@Command(name = "screenshot", description = "take a screenshot of a current domain console and store it into a file")
final class Screenshot implements VirshCommand {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd-HH:mm:ss");

    @Parameters(index = "0", paramLabel = "<domain>")
    String domain;

    @Parameters(index = "1", arity = "0..1", paramLabel = "<file>")
    String file;

    @Override
    public void run(CliSession session) {
        DomainSummary d = session.domain(domain);
        byte[] ppm = session.call("could not take a screenshot of " + domain,
                () -> session.connection().domains().screenshot(d.uuid()));
        String name = file != null ? file : d.name() + "-" + LocalDateTime.now().format(STAMP) + ".ppm";
        boolean png = name.endsWith(".png");
        try {
            Files.write(Path.of(name), png ? png(ppm) : ppm);
        } catch (IOException e) {
            throw new CommandFailure("cannot write the screenshot to " + name + ": " + e.getMessage());
        }
        // Unterminated, as virsh leaves it: the blank line after the command ends it.
        session.extraUnterminated("Screenshot saved to " + name + ", with type of "
                + (png ? "image/png" : "image/x-portable-pixmap"));
    }

    /** A binary PPM (P6, 8 bits a channel, as QEMU writes it) as PNG. */
    static byte[] png(byte[] ppm) throws IOException {
        int[] at = {0};
        if (!token(ppm, at).equals("P6")) {
            throw new IOException("the screenshot is not a binary PPM");
        }
        int width = Integer.parseInt(token(ppm, at));
        int height = Integer.parseInt(token(ppm, at));
        if (!token(ppm, at).equals("255") || ppm.length - (at[0] + 1) < 3L * width * height) {
            throw new IOException("the screenshot is not an 8-bit PPM of " + width + "x" + height);
        }
        int p = at[0] + 1;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++, p += 3) {
                image.setRGB(x, y, (ppm[p] & 0xff) << 16 | (ppm[p + 1] & 0xff) << 8 | (ppm[p + 2] & 0xff));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    /** The next whitespace-separated header field; leaves {@code at} on the whitespace after it. */
    private static String token(byte[] data, int[] at) {
        while (at[0] < data.length && Character.isWhitespace(data[at[0]])) {
            at[0]++;
        }
        int start = at[0];
        while (at[0] < data.length && !Character.isWhitespace(data[at[0]])) {
            at[0]++;
        }
        return new String(data, start, at[0] - start, StandardCharsets.US_ASCII);
    }
}
