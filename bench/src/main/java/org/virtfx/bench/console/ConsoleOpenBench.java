package org.virtfx.bench.console;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.virtfx.bench.manager.AppJava;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.DriverRegistry;

/**
 * Issue 13, item 3, alone: "the console appears within 0.3 s of opening a running VM", the
 * first open of a process included. The running SeaBIOS guest of {@link StillConsoleBench};
 * RUNS fresh JVMs (5), each showing the manager and then opening the VM window on its console
 * six times ({@link ConsoleOpen}). With a second application jar (an older build's
 * {@code virtfx.jar}), its JVMs take turns with this checkout's, so both see the same load and
 * the ratio of their medians is the change's gain. With an installed app's directory instead
 * ({@code /opt/virtfx}), the peer is the installed package as {@code /usr/bin/virtfx} starts
 * its window ({@link InstalledApp}): its runtime, flags, jars and class-data archive. Last line:
 * {@code console_first_open_ms=… console_open_ms=… [peer_first_open_ms=… peer_open_ms=…
 * first_open_vs_peer=…] [peer=installed] runs=… load1=…}, medians over the runs; the peer figures
 * are the other jar's or the installed package's.
 *
 * <p>Arguments: [RUNS] [PEER_APP_JAR | INSTALLED_APP_DIR]. Needs {@code qemu-system-x86_64} and
 * a display.
 */
public final class ConsoleOpenBench {
    private static final int LATER_OPENS = 5;

    private ConsoleOpenBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        if (runs < 1) {
            throw new IllegalArgumentException("RUNS must be at least 1, not " + runs);
        }
        String ownClassPath = System.getProperty("java.class.path");
        String peerClassPath = null;
        List<String> peerJava = AppJava.command();
        boolean installed = false;
        if (args.length > 1) {
            Path peer = Path.of(args[1]).toAbsolutePath();
            if (InstalledApp.isOne(peer)) {
                InstalledApp app = InstalledApp.read(peer);
                installed = true;
                peerJava = app.java();
                // The bench's own classes (the opening code) after the installed jars, which the archive names.
                peerClassPath = app.classPathWith(ownClasses(ownClassPath));
            } else if (Files.isRegularFile(peer)) {
                peerClassPath = withAppJar(ownClassPath, peer);
            } else {
                throw new IllegalArgumentException("no application jar or installed app (lib/app/virtfx.cfg) at " + peer);
            }
        }
        if (!Files.isExecutable(Path.of(StillConsoleBench.QEMU))) {
            throw new IllegalStateException("needs " + StillConsoleBench.QEMU + " (Debian's qemu-system-x86)");
        }
        Path work = Files.createTempDirectory("vfxconsoleopen-");
        String uri = "qemu:///embed?root=" + Files.createDirectories(work.resolve("qemu"));
        UUID uuid = null;
        try {
            try (Connection connection = DriverRegistry.discover().open(uri)) {
                uuid = connection.domains().define(StillConsoleBench.SEABIOS_XML).uuid();
                connection.domains().start(uuid);
            }
            List<Double> first = new ArrayList<>();
            List<Double> later = new ArrayList<>();
            List<Double> peerFirst = new ArrayList<>();
            List<Double> peerLater = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                // The peer first in odd runs, this checkout first in even ones: neither always follows the other.
                for (boolean peerTurn : i % 2 == 0 ? new boolean[] {false, true} : new boolean[] {true, false}) {
                    if (peerTurn && peerClassPath == null) {
                        continue;
                    }
                    ConsoleOpen.Opens opens = peerTurn
                            ? ConsoleOpen.inFreshJvm(uri, uuid, LATER_OPENS, work, peerJava, peerClassPath)
                            : ConsoleOpen.inFreshJvm(uri, uuid, LATER_OPENS, work, ownClassPath);
                    System.out.println((peerTurn ? "peer: " : "this checkout: ") + opens);
                    (peerTurn ? peerFirst : first).add(opens.firstMillis());
                    (peerTurn ? peerLater : later).add(opens.laterMedian());
                }
            }
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                    "console_first_open_ms=%.0f console_open_ms=%.0f", median(first), median(later)));
            if (peerClassPath != null) {
                line.append(String.format(Locale.ROOT, " peer_first_open_ms=%.0f peer_open_ms=%.0f first_open_vs_peer=%.2f",
                        median(peerFirst), median(peerLater), median(first) / median(peerFirst)));
            }
            if (installed) {
                line.append(" peer=installed");
            }
            line.append(" runs=").append(runs).append(" load1=")
                    .append(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
            System.out.println(line);
        } finally {
            StillConsoleBench.destroyAndRemove(uri, uuid, work);
        }
    }

    /** The bench module's own entry of {@code classPath}: its classes folder or jar. */
    static String ownClasses(String classPath) {
        String here = ConsoleOpen.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        for (String entry : classPath.split(":")) {
            if (Path.of(entry).toAbsolutePath().equals(Path.of(here).toAbsolutePath())) {
                return entry;
            }
        }
        throw new IllegalStateException("the bench's classes (" + here + ") are not on " + classPath);
    }

    /** {@code classPath} with its application jar (the entry named virtfx.jar) replaced by {@code jar}. */
    static String withAppJar(String classPath, Path jar) {
        List<String> entries = new ArrayList<>(List.of(classPath.split(":")));
        int at = -1;
        for (int i = 0; i < entries.size(); i++) {
            if (Path.of(entries.get(i)).getFileName().toString().equals("virtfx.jar")) {
                at = i;
            }
        }
        if (at < 0) {
            throw new IllegalStateException("the class path has no virtfx.jar to replace: " + classPath);
        }
        entries.set(at, jar.toString());
        return String.join(":", entries);
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
