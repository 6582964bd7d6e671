package org.virtfx.drivers.qemu;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/**
 * A managed save image, laid out as libvirt's: a header (magic, version, whether the guest was
 * running, the length of the XML), the domain XML the VM ran with, then QEMU's migration
 * stream. The XML is the one the restore runs: a definition edited meanwhile applies from the
 * next cold boot, as in libvirt.
 *
 * @param file         the image
 * @param xml          the definition the saved VM ran with
 * @param running      whether the guest ran (else it was paused) when it was saved
 * @param streamOffset where QEMU's migration stream begins
 */
record SaveImage(Path file, String xml, boolean running, long streamOffset) {
    private static final byte[] MAGIC = "VirtFXQemuSave\n".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    /** A definition is a few KiB; a header claiming more is not ours. */
    private static final int MAX_XML = 16 * 1024 * 1024;

    /** Writes the header and XML into a new file; QEMU's stream is appended after them. */
    static SaveImage create(Path file, String xml, boolean running) {
        byte[] text = xml.getBytes(StandardCharsets.UTF_8);
        ByteBuffer header = ByteBuffer.allocate(MAGIC.length + 9 + text.length);
        header.put(MAGIC).putInt(VERSION).put((byte) (running ? 1 : 0)).putInt(text.length).put(text).flip();
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                while (header.hasRemaining()) {
                    out.write(header);
                }
            }
        } catch (IOException e) {
            throw VirtException.system("failed to write header to domain save file '" + file + "'", e);
        }
        return new SaveImage(file, xml, running, header.limit());
    }

    /** Reads an image's header and XML, with libvirt's words for an image that is not one. */
    static SaveImage read(Path file) {
        try (InputStream in = Files.newInputStream(file); DataInputStream data = new DataInputStream(in)) {
            byte[] magic = new byte[MAGIC.length];
            data.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw VirtException.of(ErrorCode.OPERATION_FAILED, "image magic is incorrect: " + file);
            }
            int version = data.readInt();
            if (version > VERSION) {
                throw VirtException.of(ErrorCode.OPERATION_FAILED, "image version is not supported (" + version
                        + " > " + VERSION + "): " + file);
            }
            boolean running = data.readByte() != 0;
            int length = data.readInt();
            if (length <= 0 || length > MAX_XML) {
                throw VirtException.of(ErrorCode.OPERATION_FAILED, "invalid header data length: " + length + ": " + file);
            }
            byte[] text = new byte[length];
            data.readFully(text);
            return new SaveImage(file, new String(text, StandardCharsets.UTF_8), running, MAGIC.length + 9L + length);
        } catch (java.io.EOFException e) {
            throw VirtException.of(ErrorCode.OPERATION_FAILED, "failed to read qemu header: " + file + " is truncated");
        } catch (IOException e) {
            throw VirtException.system("cannot read the managed save image " + file, e);
        }
    }
}
