package org.virtfx.core.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/**
 * Reads documents with a size limit, and only from regular files: a FIFO would block the open
 * for good and {@code /dev/zero} never ends, so anything but a regular file (after symbolic
 * links) is refused before it is opened, and a file that grows past the limit while it is read
 * is refused too. virsh caps the files it reads the same way (10 MB), and its texts
 * ("Failed to open file", "Failed to read file") are the ones used here.
 */
public final class BoundedFiles {
    /** What a definition, state or settings document may weigh; libvirt's limit for XML files. */
    public static final long DOCUMENT_LIMIT = 10L * 1024 * 1024;

    private BoundedFiles() {
    }

    /** The file's text (UTF-8), if it is a regular file of at most {@code limit} bytes. */
    public static String read(Path file, long limit) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw VirtException.of(ErrorCode.SYSTEM_ERROR, "Failed to open file '" + file + "': No such file or directory");
        } catch (IOException e) {
            throw VirtException.system("Failed to open file '" + file + "'", e);
        }
        if (!attributes.isRegularFile()) {
            throw VirtException.of(ErrorCode.SYSTEM_ERROR, "Failed to read file '" + file + "': "
                    + (attributes.isDirectory() ? "Is a directory" : "not a regular file"));
        }
        if (attributes.size() > limit) {
            throw tooLarge(file, limit);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (bytes.length > limit) {
                throw tooLarge(file, limit);
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw VirtException.system("Failed to read file '" + file + "'", e);
        }
    }

    /** A document, with {@link #DOCUMENT_LIMIT}. */
    public static String readDocument(Path file) {
        return read(file, DOCUMENT_LIMIT);
    }

    private static VirtException tooLarge(Path file, long limit) {
        return VirtException.of(ErrorCode.SYSTEM_ERROR, "Failed to read file '" + file + "': file is larger than "
                + (limit >= 1024 * 1024 ? limit / (1024 * 1024) + " MB" : limit + " bytes"));
    }
}
