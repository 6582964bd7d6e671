package org.virtfx.core.osinfo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/**
 * The identifiers of an ISO 9660 image's primary volume descriptor, which osinfo-db's media
 * rules match. Each is the field with its padding removed; empty where the image leaves it blank.
 *
 * @param volumeSize the volume space size times the logical block size, in bytes
 */
public record IsoVolume(String systemId, String volumeId, String publisherId, String applicationId,
                        long volumeSize) {
    private static final int SECTOR = 2048;
    /** The primary volume descriptor is the first of the descriptors from sector 16 on. */
    private static final long DESCRIPTOR_OFFSET = 16L * SECTOR;

    /**
     * Reads sector 16 of {@code file}, and only that: an image of any size costs one 2 KiB read.
     *
     * @throws VirtException INVALID_ARG naming the file when it holds no primary volume descriptor
     */
    public static IsoVolume read(Path file) {
        ByteBuffer sector = ByteBuffer.allocate(SECTOR);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (sector.hasRemaining() && channel.read(sector, DESCRIPTOR_OFFSET + sector.position()) > 0) {
                // A short read of a regular file means the end is near; read until full or at the end.
            }
        } catch (NoSuchFileException e) {
            throw new VirtException(ErrorCode.NO_STORAGE_VOL,
                    "Cannot access storage file '" + file + "': No such file or directory");
        } catch (IOException e) {
            throw VirtException.system("cannot read " + file, e);
        }
        byte[] pvd = sector.array();
        if (sector.hasRemaining() || pvd[0] != 1 || !text(pvd, 1, 5).equals("CD001")) {
            throw new VirtException(ErrorCode.INVALID_ARG, "'" + file + "' is not an ISO 9660 image: "
                    + (sector.hasRemaining() ? "it ends before sector 16" : "sector 16 holds no primary volume descriptor"));
        }
        // Both-endian fields: the little-endian half comes first.
        long blocks = Integer.toUnsignedLong(ByteBuffer.wrap(pvd, 80, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt());
        int blockSize = Short.toUnsignedInt(ByteBuffer.wrap(pvd, 128, 2).order(java.nio.ByteOrder.LITTLE_ENDIAN).getShort());
        return new IsoVolume(text(pvd, 8, 32), text(pvd, 40, 32), text(pvd, 318, 128), text(pvd, 574, 128),
                blocks * blockSize);
    }

    /** As libosinfo reads a field: up to the first NUL, trailing blanks removed. */
    private static String text(byte[] pvd, int offset, int length) {
        int end = offset;
        while (end < offset + length && pvd[end] != 0) {
            end++;
        }
        return new String(pvd, offset, end - offset, StandardCharsets.ISO_8859_1).stripTrailing();
    }
}
