package org.virtfx.drivers.qemu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Optional;

/**
 * Which version of a file a process last read or wrote: an atomic write renames a new file
 * (a new inode) over the old one, so the inode, with the time and size, tells a rewrite by
 * another process with one {@code stat}, without reading the file.
 */
record FileStamp(Object key, FileTime modified, long size) {
    /** The file's stamp now, or empty when it is gone. */
    static Optional<FileStamp> of(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return Optional.of(new FileStamp(attributes.fileKey(), attributes.lastModifiedTime(), attributes.size()));
        } catch (IOException gone) {
            return Optional.empty();
        }
    }
}
