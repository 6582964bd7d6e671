package org.virtfx.drivers.qemu.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * A gzip-compressed cpio archive in the "newc" format, the one the kernel unpacks as an
 * initramfs: a 110-byte ASCII header per entry, name and data each padded to 4 bytes, and a
 * TRAILER!!! entry at the end.
 */
final class NewcArchive implements AutoCloseable {
    private static final int DIR = 0040755;
    private static final int FILE = 0100644;
    private static final int EXECUTABLE = 0100755;
    private static final int SYMLINK = 0120777;

    private final OutputStream out;
    private long written;
    private int inode = 1;

    NewcArchive(Path file) throws IOException {
        out = new GZIPOutputStream(Files.newOutputStream(file), 64 * 1024);
    }

    NewcArchive directory(String name) throws IOException {
        return entry(name, DIR, new byte[0]);
    }

    NewcArchive file(String name, byte[] data, boolean executable) throws IOException {
        return entry(name, executable ? EXECUTABLE : FILE, data);
    }

    NewcArchive text(String name, String text, boolean executable) throws IOException {
        return file(name, text.getBytes(StandardCharsets.UTF_8), executable);
    }

    NewcArchive symlink(String name, String target) throws IOException {
        return entry(name, SYMLINK, target.getBytes(StandardCharsets.UTF_8));
    }

    private NewcArchive entry(String name, int mode, byte[] data) throws IOException {
        byte[] nameBytes = (name + "\0").getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.write("070701".getBytes(StandardCharsets.US_ASCII));
        int nlink = (mode & 0170000) == 0040000 ? 2 : 1;
        long[] fields = {inode++, mode, 0, 0, nlink, 0, data.length, 0, 0, 0, 0, nameBytes.length, 0};
        for (long f : fields) {
            header.write(String.format("%08x", f).getBytes(StandardCharsets.US_ASCII));
        }
        write(header.toByteArray());
        write(nameBytes);
        pad();
        write(data);
        pad();
        return this;
    }

    private void write(byte[] bytes) throws IOException {
        out.write(bytes);
        written += bytes.length;
    }

    private void pad() throws IOException {
        while (written % 4 != 0) {
            write(new byte[1]);
        }
    }

    @Override
    public void close() throws IOException {
        entry("TRAILER!!!", 0, new byte[0]);
        out.close();
    }
}
