package org.virtfx.core.osinfo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Writes the smallest image a reader of ISO 9660 volume descriptors accepts: 16 empty system
 * sectors, a primary volume descriptor with the given identifiers, and the set terminator.
 */
public final class IsoImages {
    private IsoImages() {
    }

    public static Path write(Path file, String volumeId, String systemId, String publisherId, String applicationId)
            throws IOException {
        int sector = 2048;
        ByteBuffer image = ByteBuffer.allocate(18 * sector).order(ByteOrder.LITTLE_ENDIAN);
        int pvd = 16 * sector;
        image.put(pvd, (byte) 1);
        image.put(pvd + 1, "CD001".getBytes(StandardCharsets.US_ASCII));
        image.put(pvd + 6, (byte) 1);
        field(image, pvd + 8, 32, systemId);
        field(image, pvd + 40, 32, volumeId);
        image.putInt(pvd + 80, 18);
        image.order(ByteOrder.BIG_ENDIAN).putInt(pvd + 84, 18).order(ByteOrder.LITTLE_ENDIAN);
        image.putShort(pvd + 128, (short) sector);
        image.order(ByteOrder.BIG_ENDIAN).putShort(pvd + 130, (short) sector).order(ByteOrder.LITTLE_ENDIAN);
        field(image, pvd + 318, 128, publisherId);
        field(image, pvd + 574, 128, applicationId);
        int terminator = 17 * sector;
        image.put(terminator, (byte) 255);
        image.put(terminator + 1, "CD001".getBytes(StandardCharsets.US_ASCII));
        image.put(terminator + 6, (byte) 1);
        return Files.write(file, image.array());
    }

    /** Identifiers are padded with spaces, as mkisofs and xorriso write them. */
    private static void field(ByteBuffer image, int offset, int length, String value) {
        byte[] padded = new byte[length];
        Arrays.fill(padded, (byte) ' ');
        byte[] text = value.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, padded, 0, Math.min(length, text.length));
        image.put(offset, padded);
    }
}
