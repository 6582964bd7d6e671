package org.virtfx.core.osinfo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
    /** osinfo-db's device ids that virt-install's q35 and USB 3 tests read. */
    private static final String QEMU_XHCI = "http://pcisig.com/pci/1b36/0004";
    private static final String Q35_CHIPSET = "http://qemu.org/chipset/x86/q35";
    private static final String VIRTIO_NET = "http://pcisig.com/pci/1af4/1000";
    private static final String VIRTIO1_NET = "http://pcisig.com/pci/1af4/1041";

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
            // A NAME.d folder adds to the OS that NAME.xml defines (its drivers), under the same id and
            // repeating its names, and libosinfo merges the two. Here the first entry for an id
            // wins, so the folder's own additions are dropped: read after every main file, they
            // leave the whole entry in place; read first, they hid Windows 7-10's lineage and devices.
            files = walk.filter(p -> p.toString().endsWith(".xml") && Files.isRegularFile(p))
                    .sorted(Comparator.comparing((Path p) -> p.getParent().getFileName().toString().endsWith(".d"))
                            .thenComparing(Comparator.naturalOrder()))
                    .toList();
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

    /**
     * The OS an install image is, as libosinfo's {@code osinfo_db_identify_media} finds it: the
     * first media rule that {@linkplain MediaRule#matches matches}, trying every OS in this
     * database's order, the newest release first; rules for "all" architectures and those of
     * rolling releases are tried only when no other rule matched, since they are the least
     * particular. Rules giving a volume size are tried before the others of their OS.
     *
     * @param arch the architecture wanted, or empty for any, as libosinfo does for a file
     */
    public Optional<MediaMatch> identify(IsoVolume volume, String arch) {
        List<OsEntry> fallbacks = new ArrayList<>();
        for (OsEntry os : sorted) {
            boolean fallback = false;
            for (MediaRule rule : bySizeFirst(os.install().media())) {
                if (rule.arch().equals("all") || os.isRolling()) {
                    fallback = true;
                } else if (rule.matches(volume, arch)) {
                    return Optional.of(new MediaMatch(os, rule));
                }
            }
            if (fallback) {
                fallbacks.add(os);
            }
        }
        for (OsEntry os : fallbacks) {
            for (MediaRule rule : bySizeFirst(os.install().media())) {
                if (rule.matches(volume, arch)) {
                    return Optional.of(new MediaMatch(os, rule));
                }
            }
        }
        return Optional.empty();
    }

    private static List<MediaRule> bySizeFirst(List<MediaRule> media) {
        return media.stream().sorted(Comparator.comparing((MediaRule m) -> m.volumeSize() <= 0)).toList();
    }

    /** The OS an install tree is, from its {@code .treeinfo}, in the same order as {@link #identify}. */
    public Optional<TreeMatch> identify(TreeInfo tree) {
        List<OsEntry> fallbacks = new ArrayList<>();
        for (OsEntry os : sorted) {
            boolean fallback = false;
            for (TreeRule rule : os.install().trees()) {
                if (rule.arch().equals("all") || os.isRolling()) {
                    fallback = true;
                } else if (rule.matches(tree)) {
                    return Optional.of(new TreeMatch(os, rule));
                }
            }
            if (fallback) {
                fallbacks.add(os);
            }
        }
        return fallbacks.stream().flatMap(os -> os.install().trees().stream().filter(rule -> rule.matches(tree))
                .map(rule -> new TreeMatch(os, rule))).findFirst();
    }

    /** The tree rules without a {@code .treeinfo} for {@code arch}, newest release first: Debian's netboot kind. */
    public List<TreeMatch> treesWithoutTreeinfo(String arch) {
        return sorted.stream().flatMap(os -> os.install().trees().stream()
                .filter(rule -> !rule.hasTreeinfo() && !rule.kernel().isEmpty() && rule.arch().equals(arch))
                .map(rule -> new TreeMatch(os, rule))).toList();
    }

    /**
     * virt-install's test: an OS requires UEFI on {@code arch} when its firmware list says EFI
     * is supported there and BIOS is not. The list is libosinfo's complete one: the entry's own
     * {@code <firmware>} elements, then those of what it derives from and clones, the nearest
     * entry's word on an architecture and type being the one that counts.
     */
    public boolean requiresEfi(OsEntry os, String arch) {
        Map<String, Boolean> supported = new LinkedHashMap<>();
        for (OsEntry entry : lineage(os)) {
            for (OsFirmware firmware : entry.install().firmware()) {
                if (firmware.arch().equals(arch)) {
                    supported.putIfAbsent(firmware.type(), firmware.supported());
                }
            }
        }
        return supported.getOrDefault("efi", false) && !supported.getOrDefault("bios", true);
    }

    /**
     * virt-install 4.1's test for giving an x86 guest the q35 machine ({@code supports_chipset_q35}):
     * the OS lists QEMU's q35 chipset among its devices, and an OS that lists virtio-net lists
     * virtio 1.0's too. Devices are libosinfo's complete list: the entry's own, then those of
     * what it derives from and clones, the nearest entry's word on each device counting.
     */
    public boolean supportsQ35(OsEntry os) {
        Map<String, Boolean> nearest = devices(os);
        boolean virtio1Net = nearest.getOrDefault(VIRTIO1_NET, false);
        boolean virtioNet = virtio1Net || nearest.getOrDefault(VIRTIO_NET, false);
        return (!virtioNet || virtio1Net) && nearest.getOrDefault(Q35_CHIPSET, false);
    }

    /**
     * virt-install 4.1's test for giving an x86 guest a USB 3 controller ({@code supports_usb3}):
     * the OS lists QEMU's xHCI controller among its devices.
     */
    public boolean supportsUsb3(OsEntry os) {
        return devices(os).getOrDefault(QEMU_XHCI, false);
    }

    /** libosinfo's complete device list: the nearest entry's word on each device counts. */
    private Map<String, Boolean> devices(OsEntry os) {
        Map<String, Boolean> nearest = new HashMap<>();
        for (OsEntry entry : lineage(os)) {
            entry.install().devices().forEach(nearest::putIfAbsent);
        }
        return nearest;
    }

    /** The kernel argument that takes the install URL ("inst.repo"), inherited as libosinfo does; empty if none. */
    public String kernelUrlArgument(OsEntry os) {
        return lineage(os).stream().map(e -> e.install().kernelUrlArgument()).filter(a -> !a.isEmpty())
                .findFirst().orElse("");
    }

    /** The entry, then, depth first, each it derives from or clones, each entry once. */
    private List<OsEntry> lineage(OsEntry os) {
        List<OsEntry> found = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Deque<OsEntry> pending = new ArrayDeque<>(List.of(os));
        while (!pending.isEmpty()) {
            OsEntry entry = pending.pop();
            if (seen.add(entry.id())) {
                found.add(entry);
                List<String> related = entry.install().inheritsFrom();
                for (int i = related.size() - 1; i >= 0; i--) {
                    byId(related.get(i)).ifPresent(pending::push);
                }
            }
        }
        return found;
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
