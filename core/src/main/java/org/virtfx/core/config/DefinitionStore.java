package org.virtfx.core.config;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/**
 * A driver's persistent definitions, laid out as libvirt lays out {@code /etc/libvirt/lxc} or
 * {@code .../qemu/networks}: {@code NAME.xml} per object, written atomically, and a symbolic
 * link {@code autostart/NAME.xml} for those that start with the driver. Callers refuse names
 * with '/', a leading '.' or control characters, so a file name never leaves the directory.
 * Several processes may share the directory: writes and the checks before them hold its lock.
 */
public final class DefinitionStore {
    /** The directory's lock file; its name matches no definition's ({@code *.xml}). */
    public static final String LOCK_FILE = ".virtfx-definitions.lock";
    private static final Duration LOCK_WAIT = Duration.ofSeconds(30);

    private final Path directory;
    private final Path autostart;
    private final String kind;
    private final CrossProcessLock lock;

    /**
     * @param kind what the definitions are ("domain", "network"), for error messages
     */
    public DefinitionStore(Path directory, String kind) {
        this.directory = directory;
        this.autostart = directory.resolve("autostart");
        this.kind = kind;
        this.lock = CrossProcessLock.at(directory.resolve(LOCK_FILE));
    }

    /**
     * Refuses a name that cannot safely become a file name ({@code NAME.xml}, {@code NAME.log}),
     * as libvirt refuses it: '/' and a leading '.' could leave the directory and control
     * characters would garble logs. Everything else, ';' and '$(' included, is plain data.
     */
    public static void requireSafeName(String name) {
        if (name.isEmpty() || name.contains("/") || name.startsWith(".") || name.length() > 200
                || name.chars().anyMatch(Character::isISOControl)) {
            throw VirtException.of(ErrorCode.XML_ERROR, "name '" + name
                    + "' cannot be empty, contain '/' or control characters, start with '.' or exceed 200 characters");
        }
    }

    /** One stored definition and the file it came from. */
    public record Document(Path file, String xml) {
    }

    /**
     * The stored definitions, one per file, under the directory's lock; temporaries that killed
     * writers left are removed first. A file that cannot be read is skipped and recorded in
     * {@code warnings}, so one bad file never hides the others.
     */
    public List<Document> loadAll(LoadWarnings warnings) {
        return locked(() -> {
            AtomicFiles.removeStale(directory);
            return read(warnings);
        });
    }

    /** The stored definitions as they are now; the caller holds {@link #locked} when it acts on them. */
    public List<Document> read(LoadWarnings warnings) {
        List<Document> documents = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return documents;
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(directory, "*.xml")) {
            listing.forEach(files::add);
        } catch (IOException e) {
            throw VirtException.system("cannot list " + kind + " definitions in " + directory, e);
        }
        files.sort(null);
        for (Path file : files) {
            try {
                documents.add(new Document(file, BoundedFiles.readDocument(file)));
            } catch (VirtException unreadable) {
                warnings.skipped(file, unreadable.getMessage());
            }
        }
        return documents;
    }

    /**
     * Runs {@code work} holding the directory's lock, which every process writing these
     * definitions takes around its checks and its write, as libvirt's daemon serializes them.
     */
    public <T> T locked(Supplier<T> work) {
        return lock.hold(LOCK_WAIT, kind + " definitions in " + directory, work);
    }

    /** Stores a definition; callers that check uniqueness first hold {@link #locked} across both. */
    public void save(String name, String xml) {
        locked(() -> {
            AtomicFiles.write(file(name), xml);
            return null;
        });
    }

    public void delete(String name) {
        locked(() -> {
            try {
                Files.deleteIfExists(autostart.resolve(name + ".xml"));
                Files.deleteIfExists(file(name));
            } catch (IOException e) {
                throw VirtException.system("cannot delete the definition of " + kind + " '" + name + "'", e);
            }
            return null;
        });
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

    public Path file(String name) {
        return directory.resolve(name + ".xml");
    }
}
