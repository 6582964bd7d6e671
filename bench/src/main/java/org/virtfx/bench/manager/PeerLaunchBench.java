package org.virtfx.bench.manager;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.virtfx.bench.data.RealisticNode;

/**
 * Issue 15: the manager's launch against virt-manager's on the same node file of realistic
 * domains (500 and 1,000 by default), in one run on one private X server: seconds from spawning
 * the process to its window with the domain rows drawn, by the one screen rule of
 * {@link ScreenRows} for both. The launches alternate between the two apps, RUNS times (3), and
 * the medians are compared; VirtFX runs as installed after its first run (with the class-data
 * archive a training run writes, see {@link ManagerScaleBenchmark}), virt-manager as
 * {@code virt-manager --no-fork --connect test:///PATH}.
 *
 * <p>Both get a fresh configuration directory per launch, the in-memory GSettings backend and
 * {@code NO_AT_BRIDGE=1}: the bench's X server has no session bus, and GTK's wait for the
 * accessibility bus would be a cost of the bench, not of either app.
 *
 * <p>Arguments: the application directory (default {@code app/target}), then domain counts.
 * Needs a private Xvfb with a white root window ({@code bench/run gui-launch} starts one).
 */
public final class PeerLaunchBench {
    static final String PEER = "virt-manager";
    private static final int TIMEOUT_S = 120;

    private PeerLaunchBench() {
    }

    public static void main(String[] args) throws Exception {
        Path appDir = Path.of(args.length > 0 ? args[0] : "app/target").toAbsolutePath();
        int[] sizes = args.length > 1 ? Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray()
                : new int[] {500, 1000};
        int runs = Integer.parseInt(System.getenv().getOrDefault("RUNS", "3"));
        boolean peer = onPath(PEER);
        if (!peer) {
            System.out.println("virt-manager is not installed (Debian's virt-manager): VirtFX alone");
        }
        ScreenRows screen = new ScreenRows();
        Path work = Files.createTempDirectory("virtfx-peer-launch");
        Map<String, String> figures = new LinkedHashMap<>();
        try {
            Path archive = work.resolve("virtfx.jsa");
            Path trainingNode = RealisticNode.write(work.resolve("training.xml"), sizes[sizes.length - 1]);
            double first = ManagerScaleBenchmark.train(appDir, trainingNode, config(work, "training"), archive);
            System.out.printf(Locale.ROOT, "virtfx first run (no class-data archive yet): %.2f s%n", first);
            for (int size : sizes) {
                Path node = RealisticNode.write(work.resolve("node-" + size + ".xml"), size);
                List<Double> ours = new ArrayList<>();
                List<Double> theirs = new ArrayList<>();
                for (int run = 1; run <= runs; run++) {
                    Path config = config(work, size + "-" + run);
                    ours.add(launch(screen, virtfx(appDir, node, archive, config), "virtfx", size, run));
                    if (peer) {
                        theirs.add(launch(screen, virtManager(node, config), PEER, size, run));
                    }
                }
                double median = median(ours);
                figures.put("virtfx_rows" + size + "_s", format(median));
                if (peer) {
                    double peerMedian = median(theirs);
                    figures.put("virtmanager_rows" + size + "_s", format(peerMedian));
                    figures.put("rows" + size + "_vs_virtmanager", format(median / peerMedian));
                }
            }
        } finally {
            try (var files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        figures.put("runs", Integer.toString(runs));
        figures.put("load1", Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        StringBuilder line = new StringBuilder();
        figures.forEach((k, v) -> line.append(line.isEmpty() ? "" : " ").append(k).append('=').append(v));
        System.out.println(line);
    }

    private static double launch(ScreenRows screen, ProcessBuilder builder, String who, int size, int run)
            throws IOException, InterruptedException {
        screen.awaitBlank(30);
        long spawned = System.nanoTime();
        Process app = builder.start();
        try {
            ScreenRows.Drawn drawn = screen.awaitRows(app, spawned, TIMEOUT_S);
            System.out.printf(Locale.ROOT, "%d domains, run %d: %s %.2f s to rows drawn (%d text lines)%n",
                    size, run, who, drawn.seconds(), drawn.lines());
            return drawn.seconds();
        } finally {
            stop(app);
        }
    }

    /** VirtFX's bench mode quits on "quit"; virt-manager ends on SIGTERM. */
    static void stop(Process app) throws InterruptedException {
        try (OutputStream in = app.getOutputStream()) {
            in.write("quit\n".getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // virt-manager does not read its input, and may have closed it.
        }
        if (!app.waitFor(3, TimeUnit.SECONDS)) {
            app.destroy();
            if (!app.waitFor(10, TimeUnit.SECONDS)) {
                app.destroyForcibly().waitFor();
            }
        }
    }

    private static ProcessBuilder virtfx(Path appDir, Path node, Path archive, Path config) {
        List<String> command = ManagerScaleBenchmark.command(appDir, node,
                Files.exists(archive) ? "-XX:SharedArchiveFile=" + archive : null);
        return environment(new ProcessBuilder(command), config);
    }

    static ProcessBuilder virtManager(Path node, Path config) {
        return environment(new ProcessBuilder(PEER, "--no-fork", "--connect", "test://" + node), config);
    }

    private static ProcessBuilder environment(ProcessBuilder builder, Path config) {
        Map<String, String> env = builder.environment();
        env.put("XDG_CONFIG_HOME", config.toString());
        env.put("XDG_CACHE_HOME", config.resolve("cache").toString());
        env.put("XDG_RUNTIME_DIR", config.toString());
        env.put("HOME", config.toString());
        env.put("GSETTINGS_BACKEND", "memory");
        env.put("NO_AT_BRIDGE", "1");
        return builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
    }

    private static Path config(Path work, String name) throws IOException {
        Path config = work.resolve("config-" + name);
        Files.createDirectories(config.resolve("virtfx"));
        Files.setPosixFilePermissions(config, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        return config;
    }

    static boolean onPath(String program) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
