package org.virtfx.bench.manager;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.virtfx.bench.data.RealisticDomains.Mix;
import org.virtfx.bench.data.RealisticNode;
import org.virtfx.bench.scale.Linearity;

/**
 * Issue 2, item 8: the manager on a test-driver node with 1,000 running realistic domains
 * ({@link RealisticNode}). Launches the
 * application in its own JVM with {@code -Dvirtfx.bench=true} and measures, from outside:
 * seconds from spawning the JVM to the app's "all rows shown" line, idle CPU over 30 s from
 * {@code /proc/PID/stat}, resident memory from {@code /proc/PID/status}; and asks the app to
 * start 100 selected domains in bulk, for which it reports its longest FX-thread stall. Then,
 * when virt-manager is installed, its idle CPU and resident memory on the same file, from the
 * moment its rows are drawn on the screen ({@link ScreenRows}). Last, the seconds to every row
 * shown on 1,000 against 10,000 realistic domains, and their ratio (issue 15: at most 12x), and
 * the time to open one VM window with its details in each, and theirs.
 *
 * <p>What it measures is an installed VirtFX after its first run: unless
 * {@code -Dbench.noCds=true}, a training run first writes a class-data-sharing archive (as the
 * {@code virtfx} script does on the first GUI run after a build, and an installer at install
 * time) and the measured run uses it. The seconds to all rows without the archive, as on that
 * very first run, are printed too ({@code rows1000_first_run_s}), on a line of their own.
 *
 * <p>Arguments: the application directory holding {@code virtfx.jar} and {@code lib/}
 * (default {@code app/target}), and optionally the idle window in seconds (default 30). A
 * display is needed: run under Xvfb ({@code xvfb-run -a}).
 */
public final class ManagerScaleBenchmark {
    private static final int DOMAINS = 1000;
    private static final int BULK = 100;
    private static final long CLOCK_TICKS = 100; // USER_HZ on Linux

    private ManagerScaleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path appDir = Path.of(args.length > 0 ? args[0] : "app/target").toAbsolutePath();
        int idleSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        Path work = Files.createTempDirectory("virtfx-bench");
        try {
            Path node = RealisticNode.write(work.resolve("node-" + DOMAINS + ".xml"), DOMAINS, Mix.ALL_RUNNING);
            Path config = work.resolve("config");
            Files.createDirectories(config.resolve("virtfx"));
            // Force off (the set-up of the bulk start) must not stop at a question.
            Files.writeString(config.resolve("virtfx/settings.conf"), "[confirm]\nforce-off = false\n");
            // A class-data-sharing archive, made by one training run as an installer would make
            // it, maps the JavaFX classes instead of loading them: most of start-up is class loading.
            Path archive = work.resolve("virtfx.jsa");
            if (!Boolean.getBoolean("bench.noCds")) {
                double firstRun = train(appDir, node, config, archive);
                System.out.printf(Locale.ROOT, "rows1000_first_run_s=%.2f (no class-data archive yet)%n", firstRun);
            }
            String ours = run(appDir, node, config, idleSeconds, Files.exists(archive) ? archive : null);
            ours += rowsRatio(appDir, work, Files.exists(archive) ? archive : null);
            String theirs = PeerLaunchBench.onPath(PeerLaunchBench.PEER) ? peerIdle(node, work, idleSeconds)
                    : " (virt-manager is not installed: no peer figures)";
            System.out.println(ours + theirs + " load1=" + load1());
        } finally {
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** VM windows each launch opens once its rows are shown, spread over the list. */
    private static final int OPENS = 20;

    /**
     * Issue 15's linearity for the window: seconds from spawning the manager to every row shown
     * (the driver loads the node file, the manager lists its domains and builds their rows) on
     * 1,000 and 10,000 realistic domains of the workstation's mix, medians of {@code RUNS} (3)
     * launches taking turns; ten times the domains may take at most
     * {@link Linearity#LIMIT} times as long. JVM start is in both, as a user waits for it too.
     * Then opening: in each launch, the Open of {@link #OPENS} domains' VM windows one at a
     * time, each until its details are read and laid out. One window's cost is the same for any
     * number of domains when opening is linear, so at ten times the domains each open may take
     * at most a tenth of {@link Linearity#LIMIT} times as long. The check is on the CPU the
     * process used meanwhile (median per launch), which a busy shared machine cannot stretch;
     * the clock's milliseconds are printed beside it.
     */
    private static String rowsRatio(Path appDir, Path work, Path archive) throws Exception {
        int runs = Integer.parseInt(System.getenv().getOrDefault("RUNS", "3"));
        int[] sizes = {1_000, 10_000};
        List<List<Double>> seconds = List.of(new ArrayList<>(), new ArrayList<>());
        List<List<Double>> opens = List.of(new ArrayList<>(), new ArrayList<>());
        List<List<Double>> openCpu = List.of(new ArrayList<>(), new ArrayList<>());
        Path[] nodes = new Path[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            nodes[i] = RealisticNode.write(work.resolve("node-workstation-" + sizes[i] + ".xml"), sizes[i], Mix.WORKSTATION);
        }
        for (int run = 0; run < runs; run++) {
            for (int i = 0; i < sizes.length; i++) {
                Launch launch = rowsShown(appDir, nodes[i], work.resolve("config-rows-" + run + "-" + i), archive);
                seconds.get(i).add(launch.rowsSeconds());
                opens.get(i).add(launch.openMillis());
                openCpu.get(i).add(launch.openCpuMillis());
            }
        }
        double small = PeerLaunchBench.median(seconds.get(0));
        double large = PeerLaunchBench.median(seconds.get(1));
        double openSmall = PeerLaunchBench.median(openCpu.get(0));
        double openLarge = PeerLaunchBench.median(openCpu.get(1));
        System.out.printf(Locale.ROOT, "rows shown, seconds: %d domains %s, %d domains %s%n",
                sizes[0], seconds.get(0), sizes[1], seconds.get(1));
        System.out.printf(Locale.ROOT, "a VM window opened, median ms of %d per launch: %d domains %s, %d domains %s;"
                        + " process CPU ms: %d domains %s, %d domains %s%n",
                OPENS, sizes[0], opens.get(0), sizes[1], opens.get(1), sizes[0], openCpu.get(0), sizes[1], openCpu.get(1));
        return String.format(Locale.ROOT, " rows1000_workstation_s=%.2f rows10000_workstation_s=%.2f rows_10k_to_1k=%.1f rows_linear=%s"
                        + " open1000_ms=%.1f open10000_ms=%.1f open1000_cpu_ms=%.1f open10000_cpu_ms=%.1f open_10k_to_1k=%.2f open_linear=%s",
                small, large, large / small, large / small <= Linearity.LIMIT ? "yes" : "no",
                PeerLaunchBench.median(opens.get(0)), PeerLaunchBench.median(opens.get(1)),
                openSmall, openLarge, openLarge / openSmall, openLarge / openSmall <= Linearity.LIMIT / 10 ? "yes" : "no");
    }

    /** One launch's figures: seconds to every row shown, and a window's open in median milliseconds of the clock and of CPU. */
    private record Launch(double rowsSeconds, double openMillis, double openCpuMillis) {
    }

    /** One launch: seconds from spawn to the app's "all rows shown" line, then {@link #OPENS} opens; then it quits. */
    private static Launch rowsShown(Path appDir, Path node, Path config, Path archive) throws Exception {
        Files.createDirectories(config.resolve("virtfx"));
        ProcessBuilder builder = app(appDir, node, config, archive == null ? null : "-XX:SharedArchiveFile=" + archive)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        long spawned = System.nanoTime();
        Process app = builder.start();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8));
             Writer commands = new OutputStreamWriter(app.getOutputStream(), StandardCharsets.UTF_8)) {
            double seconds = Double.NaN;
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("virtfx-bench rows_shown")) {
                    seconds = (System.nanoTime() - spawned) / 1e9;
                    // The load's own after-work (the heap given back, the first stats) settles first.
                    Thread.sleep(2_000);
                    commands.write("open " + OPENS + "\n");
                    commands.flush();
                } else if (line.startsWith("virtfx-bench open")) {
                    PeerLaunchBench.stop(app);
                    return new Launch(seconds, Double.parseDouble(value(line, "median_ms")),
                            Double.parseDouble(value(line, "cpu_median_ms")));
                } else if (line.startsWith("virtfx-bench error")) {
                    throw new IllegalStateException(node.getFileName() + ": " + line);
                }
            }
            throw new IllegalStateException("the manager on " + node.getFileName() + " exited before "
                    + (Double.isNaN(seconds) ? "showing its rows" : "opening its windows"));
        } finally {
            app.destroyForcibly().waitFor();
        }
    }

    /** The first run: writes the archive when it quits; returns its seconds from spawn to all rows. */
    static double train(Path appDir, Path node, Path config, Path archive) throws Exception {
        ProcessBuilder builder = app(appDir, node, config, "-XX:ArchiveClassesAtExit=" + archive)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        long spawned = System.nanoTime();
        Process app = builder.start();
        double seconds = Double.NaN;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8));
             Writer commands = new OutputStreamWriter(app.getOutputStream(), StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("virtfx-bench rows_shown")) {
                    seconds = (System.nanoTime() - spawned) / 1e9;
                    break;
                }
            }
            // The window is complete: let it quit, so the archive is written.
            commands.write("quit\n");
            commands.flush();
            app.waitFor(60, TimeUnit.SECONDS);
        } finally {
            app.destroyForcibly();
        }
        System.out.println("class-data archive: " + (Files.exists(archive) ? Files.size(archive) / 1024 + " KiB" : "not made"));
        return seconds;
    }

    /** The app in bench mode on {@code node}, with its settings in {@code config}. */
    private static ProcessBuilder app(Path appDir, Path node, Path config, String extraFlag) {
        ProcessBuilder builder = new ProcessBuilder(command(appDir, node, extraFlag));
        builder.environment().put("XDG_CONFIG_HOME", config.toString());
        // Its own single-instance socket: a manager the user has open must not answer for it.
        builder.environment().put("XDG_RUNTIME_DIR", config.toString());
        return builder;
    }

    static List<String> command(Path appDir, Path node, String extraFlag) {
        List<String> command = new ArrayList<>(AppJava.command());
        if (extraFlag != null) {
            command.add(extraFlag);
            // Quiet, as the script keeps it: the archive skips picocli's Java 5 classes with a warning each.
            command.add("-Xlog:cds=off,cds+dynamic=off");
        }
        command.add("-Dvirtfx.bench=true");
        command.add("-cp");
        command.add(appDir.resolve("virtfx.jar") + ":" + appDir.resolve("lib") + "/*");
        command.add("org.virtfx.app.Launcher");
        command.add("--connect");
        command.add("test://" + node);
        return command;
    }

    /**
     * virt-manager's idle CPU and resident memory on the same node file, measured the same way
     * from the moment its rows are drawn ({@link ScreenRows}); the bulk start is VirtFX's only
     * (virt-manager has no bench mode to drive it).
     */
    private static String peerIdle(Path node, Path work, int idleSeconds) throws Exception {
        Path config = work.resolve("peer-config");
        Files.createDirectories(config);
        Files.setPosixFilePermissions(config, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        ScreenRows screen = new ScreenRows();
        screen.awaitBlank(30);
        long spawned = System.nanoTime();
        Process peer = PeerLaunchBench.virtManager(node, config).start();
        try {
            double rows = screen.awaitRows(peer, spawned, 180).seconds();
            Idle idle = idle(peer.pid(), idleSeconds);
            return String.format(Locale.ROOT,
                    " virtmanager_rows1000_s=%.2f virtmanager_idle_cpu_pct=%.2f virtmanager_rss_mb=%.1f",
                    rows, idle.cpuPercent(), idle.rssMb());
        } finally {
            PeerLaunchBench.stop(peer);
        }
    }

    private record Idle(double cpuPercent, double rssMb) {
    }

    /** CPU share over an idle window after 5 s of settling, and resident memory at its end. */
    private static Idle idle(long pid, int idleSeconds) throws IOException, InterruptedException {
        // Let start-up work (JIT, first stats polls) settle before the idle window.
        Thread.sleep(5_000);
        long ticks0 = cpuTicks(pid);
        long t0 = System.nanoTime();
        Thread.sleep(idleSeconds * 1000L);
        long ticks1 = cpuTicks(pid);
        double elapsed = (System.nanoTime() - t0) / 1e9;
        return new Idle(100.0 * (ticks1 - ticks0) / CLOCK_TICKS / elapsed, rssKiB(pid) / 1024.0);
    }

    private static String run(Path appDir, Path node, Path config, int idleSeconds, Path archive) throws Exception {
        ProcessBuilder builder = app(appDir, node, config, archive == null ? null : "-XX:SharedArchiveFile=" + archive)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        long spawned = System.nanoTime();
        Process app = builder.start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    System.out.println("app: " + line);
                    if (line.startsWith("virtfx-bench rows_shown")) {
                        lines.add("rows@" + (System.nanoTime() - spawned) + " " + line);
                    } else if (line.startsWith("virtfx-bench")) {
                        lines.add(line);
                    }
                }
            } catch (IOException e) {
                lines.add("virtfx-bench error " + e);
            }
        }, "app-stdout");
        reader.setDaemon(true);
        reader.start();
        try (Writer commands = new OutputStreamWriter(app.getOutputStream(), StandardCharsets.UTF_8)) {
            String rows = await(lines, "rows@", 60);
            double rowsSeconds = Long.parseLong(rows.substring(5, rows.indexOf(' '))) / 1e9;

            long pid = app.pid();
            Idle idle = idle(pid, idleSeconds);

            commands.write("bulk-start " + BULK + "\n");
            commands.flush();
            String bulk = await(lines, "virtfx-bench bulk_start", 120);
            long stall = Long.parseLong(value(bulk, "max_fx_stall_ms"));
            double rssAfter = rssKiB(pid) / 1024.0;
            System.out.printf(Locale.ROOT, "rss_after_bulk_mb=%.1f%n", rssAfter);
            commands.write("quit\n");
            commands.flush();
            if (!app.waitFor(10, TimeUnit.SECONDS)) {
                app.destroy();
            }
            return String.format(Locale.ROOT, "rows1000_s=%.2f idle_cpu_pct=%.2f rss_mb=%.1f max_fx_stall_ms=%d",
                    rowsSeconds, idle.cpuPercent(), idle.rssMb(), stall);
        } finally {
            app.destroyForcibly();
        }
    }

    static String await(BlockingQueue<String> lines, String prefix, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(500, TimeUnit.MILLISECONDS);
            if (line != null && line.startsWith(prefix)) {
                return line;
            }
            if (line != null && line.startsWith("virtfx-bench error")) {
                throw new IllegalStateException(line);
            }
        }
        throw new IllegalStateException("the app did not print '" + prefix + "' within " + seconds + " s");
    }

    /** The one-minute load average at the end: figures from a busy shared machine say so. */
    static String load1() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    }

    static String value(String line, String key) {
        for (String word : line.split("\\s+")) {
            if (word.startsWith(key + "=")) {
                return word.substring(key.length() + 1);
            }
        }
        throw new IllegalStateException("no " + key + " in: " + line);
    }

    /** utime + stime of the process, fields 14 and 15 of /proc/PID/stat (after the command name). */
    static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // The command name may contain spaces; fields are counted after its closing parenthesis.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    static long rssKiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS for process " + pid);
    }
}
