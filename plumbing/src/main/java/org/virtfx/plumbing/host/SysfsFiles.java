package org.virtfx.plumbing.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.virtfx.core.error.VirtException;

/** One-value sysfs attribute files, read as the kernel writes them: a line of text. */
final class SysfsFiles {
    private SysfsFiles() {
    }

    /** The file's text without its newline; an error naming the file when it cannot be read. */
    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    /** As {@link #read}, or empty when the driver does not write that attribute. */
    static String optional(Path file) {
        return Files.exists(file) ? read(file) : "";
    }

    static VirtException unreadable(Path path, IOException e) {
        return VirtException.system("Could not read " + path, e);
    }
}
