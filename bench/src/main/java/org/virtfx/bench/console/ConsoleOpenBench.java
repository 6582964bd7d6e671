package org.virtfx.bench.console;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.DriverRegistry;

/**
 * Issue 13, item 3, alone: "the console appears within 0.3 s of opening a running VM", the
 * first open of a process included. The running SeaBIOS guest of {@link StillConsoleBench};
 * RUNS fresh JVMs (5), each showing the manager and then opening the VM window on its console
 * six times ({@link ConsoleOpen}). With a second application jar (an older build's
 * {@code virtfx.jar}), its JVMs take turns with this checkout's, so both see the same load and
 * the ratio of their medians is the change's gain. Last line: {@code console_first_open_ms=…
 * console_open_ms=… [peer_first_open_ms=… peer_open_ms=… first_open_vs_peer=…] runs=… load1=…},
 * medians over the runs; the peer figures are the other jar's.
 *
 * <p>Arguments: [RUNS] [PEER_APP_JAR]. Needs {@code qemu-system-x86_64} and a display.
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
        String peerClassPath = null;
        if (args.length > 1) {
            Path peer = Path.of(args[1]).toAbsolutePath();
            if (!Files.isRegularFile(peer)) {
                throw new IllegalArgumentException("no application jar at " + peer);
            }
            peerClassPath = withAppJar(System.getProperty("java.class.path"), peer);
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
                    ConsoleOpen.Opens opens = ConsoleOpen.inFreshJvm(uri, uuid, LATER_OPENS, work,
                            peerTurn ? peerClassPath : System.getProperty("java.class.path"));
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
            line.append(" runs=").append(runs).append(" load1=")
                    .append(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
            System.out.println(line);
        } finally {
            StillConsoleBench.destroyAndRemove(uri, uuid, work);
        }
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
