package org.virtfx.core.osinfo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.virtfx.core.config.BoundedFiles;
import org.virtfx.core.xml.XmlParser;

/**
 * libosinfo's operating system database (Debian's osinfo-db), read from its XML files: the
 * system directory is {@code $OSINFO_SYSTEM_DIR}, else {@code /usr/share/osinfo}, as for
 * libosinfo itself. A missing directory gives a database holding only {@link OsEntry#GENERIC};
 * a file that cannot be read or parsed is skipped and logged, never fatal.
 */
public final class OsDatabase {
    private static final Logger LOG = System.getLogger(OsDatabase.class.getName());

    /** virt-manager's order: generic first, then by distribution, the newest version first. */
    private static final Comparator<OsEntry> ORDER = Comparator.comparing(OsEntry::isGeneric).reversed()
            .thenComparing((OsEntry e) -> e.distro().isEmpty() ? "\uffff" : e.distro())
            .thenComparing(OsEntry::version, OsDatabase::newerFirst)
            .thenComparing(OsEntry::name);

    private final Map<String, OsEntry> byId;
    private final List<OsEntry> sorted;

    private OsDatabase(List<OsEntry> entries) {
        Map<String, OsEntry> ids = new LinkedHashMap<>();
        ids.put(OsEntry.GENERIC_ID, OsEntry.GENERIC);
        // The database's own "unknown" entry is the generic one, under virt-manager's name.
        entries.stream().filter(e -> !e.isGeneric()).forEach(e -> ids.putIfAbsent(e.id(), e));
        byId = ids;
        sorted = ids.values().stream().sorted(ORDER).toList();
    }

    /** The system database, read on first use; some 800 files, so call it off the FX thread. */
    public static OsDatabase system() {
        return SystemHolder.DATABASE;
    }

    private static final class SystemHolder {
        static final OsDatabase DATABASE = load(systemDir());
    }

    /** Whether osinfo-db is installed where {@link #system()} looks. */
    public static boolean systemInstalled() {
        return Files.isDirectory(systemDir().resolve("os"));
    }

    public static Path systemDir() {
        String dir = System.getenv("OSINFO_SYSTEM_DIR");
        return Path.of(dir == null || dir.isBlank() ? "/usr/share/osinfo" : dir);
    }

    /** Reads every {@code os/**.xml} under {@code dir}, in parallel: parsing is most of the cost. */
    public static OsDatabase load(Path dir) {
        Path osDir = dir.resolve("os");
        if (!Files.isDirectory(osDir)) {
            LOG.log(Level.INFO, "No osinfo database at {0}: only the generic OS is offered", osDir);
            return new OsDatabase(List.of());
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(osDir)) {
            files = walk.filter(p -> p.toString().endsWith(".xml") && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            LOG.log(Level.WARNING, "Cannot list the osinfo database at " + osDir + ": " + e.getMessage());
            return new OsDatabase(List.of());
        }
        // One parser per thread: Woodstox's factory is thread-safe, but a parser each is cheap.
        ThreadLocal<XmlParser> parsers = ThreadLocal.withInitial(XmlParser::new);
        List<OsEntry> entries = files.parallelStream().flatMap(file -> read(parsers.get(), file).stream()).toList();
        return new OsDatabase(entries);
    }

    private static List<OsEntry> read(XmlParser parser, Path file) {
        try {
            return OsFileReader.entries(parser.parse(BoundedFiles.readDocument(file), file.toString()));
        } catch (RuntimeException e) {
            // XmlParser reports a broken file as a VirtException naming its line and column.
            LOG.log(Level.WARNING, "Skipping osinfo file " + file + ": " + e.getMessage());
            return List.of();
        }
    }

    public Optional<OsEntry> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public Optional<OsEntry> byShortId(String shortId) {
        return sorted.stream().filter(e -> e.shortIds().contains(shortId)).findFirst();
    }

    /** How many operating systems it holds, the generic one included. */
    public int size() {
        return sorted.size();
    }

    /**
     * virt-manager's OS search: the generic entry first, then every entry whose name or a
     * short id contains {@code text} (ignoring case), end-of-life ones only if asked, grouped
     * by distribution with the newest version first.
     */
    public List<OsEntry> search(String text, boolean includeEol, LocalDate today) {
        String wanted = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        List<OsEntry> found = new ArrayList<>();
        for (OsEntry entry : sorted) {
            if (entry.isGeneric() || (includeEol || !entry.isEol(today)) && matches(entry, wanted)) {
                found.add(entry);
            }
        }
        return found;
    }

    private static boolean matches(OsEntry entry, String wanted) {
        return entry.name().toLowerCase(Locale.ROOT).contains(wanted)
                || entry.shortIds().stream().anyMatch(s -> s.toLowerCase(Locale.ROOT).contains(wanted));
    }


    /** Compares dotted versions numerically, part by part, the larger first ("11" before "9"). */
    private static int newerFirst(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            String p = i < x.length ? x[i] : "";
            String q = i < y.length ? y[i] : "";
            int order = p.matches("\\d{1,9}") && q.matches("\\d{1,9}")
                    ? Integer.compare(Integer.parseInt(q), Integer.parseInt(p)) : q.compareTo(p);
            if (order != 0) {
                return order;
            }
        }
        return 0;
    }
}
