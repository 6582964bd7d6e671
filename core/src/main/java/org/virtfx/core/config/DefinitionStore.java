package org.virtfx.core.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/**
 * A driver's persistent definitions, laid out as libvirt lays out {@code /etc/libvirt/lxc} or
 * {@code .../qemu/networks}: {@code NAME.xml} per object, written atomically, and a symbolic
 * link {@code autostart/NAME.xml} for those that start with the driver. Callers refuse names
 * with '/', a leading '.' or control characters, so a file name never leaves the directory.
 */
public final class DefinitionStore {
    private final Path directory;
    private final Path autostart;
    private final String kind;

    /**
     * @param kind what the definitions are ("domain", "network"), for error messages
     */
    public DefinitionStore(Path directory, String kind) {
        this.directory = directory;
        this.autostart = directory.resolve("autostart");
        this.kind = kind;
    }

    /**
     * Refuses a name that cannot safely become a file name ({@code NAME.xml}, {@code NAME.log}),
     * as libvirt refuses it: '/' and a leading '.' could leave the directory and control
     * characters would garble logs. Everything else, ';' and '$(' included, is plain data.
     */
    public static void requireSafeName(String name) {
        if (name.isEmpty() || name.contains("/") || name.startsWith(".") || name.length() > 200
                || name.chars().anyMatch(Character::isISOControl)) {
            throw VirtException.of(ErrorCode.XML_ERROR, "XML error: name '" + name
                    + "' cannot be empty, contain '/' or control characters, start with '.' or exceed 200 characters");
        }
    }

    /** The stored definitions' XML, one per file. */
    public List<String> loadAll() {
        List<String> documents = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return documents;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.xml")) {
            for (Path file : files) {
                documents.add(Files.readString(file, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw VirtException.system("cannot read " + kind + " definitions in " + directory, e);
        }
        return documents;
    }

    public void save(String name, String xml) {
        AtomicFiles.write(file(name), xml);
    }

    public void delete(String name) {
        try {
            Files.deleteIfExists(autostart.resolve(name + ".xml"));
            Files.deleteIfExists(file(name));
        } catch (IOException e) {
            throw VirtException.system("cannot delete the definition of " + kind + " '" + name + "'", e);
        }
    }

    public boolean autostart(String name) {
        return Files.exists(autostart.resolve(name + ".xml"), LinkOption.NOFOLLOW_LINKS);
    }

    public void setAutostart(String name, boolean on) {
        Path link = autostart.resolve(name + ".xml");
        try {
            if (on) {
                Files.createDirectories(autostart);
                if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createSymbolicLink(link, file(name));
                }
            } else {
                Files.deleteIfExists(link);
            }
        } catch (IOException e) {
            throw VirtException.system("cannot change autostart of " + kind + " '" + name + "'", e);
        }
    }

    private Path file(String name) {
        return directory.resolve(name + ".xml");
    }
}
