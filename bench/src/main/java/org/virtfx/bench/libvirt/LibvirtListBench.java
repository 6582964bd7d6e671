package org.virtfx.bench.libvirt;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.virtfx.bench.data.RealisticNode;
import org.virtfx.bench.manager.AppJava;

/**
 * Issue 14, speed: the manager listing 1,000 realistic domains ({@link RealisticNode}, the
 * workstation mix) from libvirt's test driver, {@code test:///PATH}, through the JNA binding,
 * beside virt-manager 4.1 (Debian's virt-manager, which CI does not install) on the same file in
 * the same run. Both are timed the same way, from spawning the process to the first capture of
 * its window whose list area shows rows ({@link WindowRows}); the captures poll as fast as
 * {@code import} runs (a few tens of milliseconds, the figures' resolution). VirtFX's own
 * "rows shown" line (after a layout pulse with every domain in the tree) is printed beside it.
 *
 * <p>One run of each first: VirtFX's writes its class-data archive, as an installed VirtFX has one
 * after its first start, and virt-manager's warms Python's byte-code and font caches. Then RUNS
 * (5) alternating launches of each; the medians are compared. virt-manager runs in a D-Bus
 * session of its own ({@code dbus-run-session}: GSettings needs one) with an empty configuration,
 * so it connects to nothing else. Needs a display: {@code bench/run libvirt-list} uses
 * {@code xvfb-run} when there is none.
 */
public final class LibvirtListBench {
    private static final String TITLE = "Virtual Machine Manager";
    private static final int DOMAINS = 1000;

    private LibvirtListBench() {
    }

    public static void main(String[] args) throws Exception {
        Path appDir = Path.of(args.length > 0 ? args[0] : "app/target").toAbsolutePath();
        int runs = Integer.parseInt(System.getenv().getOrDefault("RUNS", "5"));
        Path work = Files.createTempDirectory("virtfx-libvirt-list");
        try {
            Path node = RealisticNode.write(work.resolve("node-" + DOMAINS + ".xml"), DOMAINS);
            String uri = "test://" + node;
            Path archive = work.resolve("virtfx.jsa");
            double virtfxFirst = launch(virtfx(appDir, uri, "-XX:ArchiveClassesAtExit=" + archive), work, "first");
            double virtManagerFirst = launch(virtManager(uri), work, "first");
            System.out.printf(Locale.ROOT, "first runs: virtfx %.2f s (no class-data archive yet), virt-manager %.2f s%n",
                    virtfxFirst, virtManagerFirst);
            double[] ours = new double[runs];
            double[] theirs = new double[runs];
            for (int run = 0; run < runs; run++) {
                ours[run] = launch(virtfx(appDir, uri, "-XX:SharedArchiveFile=" + archive), work, "run" + run);
                theirs[run] = launch(virtManager(uri), work, "run" + run);
                System.out.printf(Locale.ROOT, "run %d: virtfx %.2f s, virt-manager %.2f s%n", run + 1, ours[run],
                        theirs[run]);
            }
            double virtfx = median(ours);
            double virtManager = median(theirs);
            System.out.printf(Locale.ROOT,
                    "libvirt_rows1000_s=%.2f virt_manager_rows1000_s=%.2f virtfx_to_virt_manager=%.2f runs=%d load1=%s%n",
                    virtfx, virtManager, virtfx / virtManager, runs,
                    Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** VirtFX as its launcher starts it, on the libvirt driver, in bench mode (it obeys "quit"). */
    private static List<String> virtfx(Path appDir, String uri, String archiveFlag) {
        List<String> command = new ArrayList<>(AppJava.command());
        command.add(archiveFlag);
        command.add("-Xlog:cds=off,cds+dynamic=off");
        command.add("-Dvirtfx.bench=true");
        command.add("-cp");
        command.add(appDir.resolve("virtfx.jar") + ":" + appDir.resolve("lib") + "/*");
        command.add("org.virtfx.app.Launcher");
        command.add("--driver");
        command.add("libvirt");
        command.add("--connect");
        command.add(uri);
        return command;
    }

    private static List<String> virtManager(String uri) {
        return List.of("dbus-run-session", "--", "virt-manager", "--no-fork", "--debug", "-c", uri);
    }

    /** Seconds from spawning the command to its window's rows on screen; then ends it. */
    private static double launch(List<String> command, Path work, String tag) throws Exception {
        Path config = Files.createDirectories(work.resolve("config-" + tag + "-" + System.nanoTime()));
        Path log = work.resolve("log-" + tag + "-" + System.nanoTime());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // Fresh configuration for each: no stored connections, no window sizes from a last run,
        // and VirtFX's single-instance socket of its own.
        builder.environment().put("XDG_CONFIG_HOME", config.toString());
        builder.environment().put("XDG_RUNTIME_DIR", config.toString());
        long spawned = System.nanoTime();
        Process app = builder.start();
        try {
            long deadline = spawned + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline) {
                if (!app.isAlive()) {
                    throw new IllegalStateException(command.get(0) + " ended before showing rows:\n" + Files.readString(log));
                }
                var window = WindowRows.viewable(TITLE);
                if (window.isPresent()) {
                    long looked = System.nanoTime();
                    if (WindowRows.rowsDrawn(window.get())) {
                        return (looked - spawned) / 1e9;
                    }
                } else {
                    Thread.sleep(10);
                }
            }
            throw new IllegalStateException("no rows on screen within 120 s:\n" + Files.readString(log));
        } finally {
            end(app, command.contains("--driver"));
            if (command.contains("--driver")) {
                Files.readAllLines(log).stream().filter(l -> l.startsWith("virtfx-bench rows_shown"))
                        .forEach(l -> System.out.println("  virtfx: " + l));
            }
        }
    }

    /** VirtFX quits when asked (writing its archive on the first run); virt-manager is terminated. */
    private static void end(Process app, boolean virtfx) throws InterruptedException, IOException {
        if (virtfx && app.isAlive()) {
            try (OutputStream in = app.getOutputStream()) {
                in.write("quit\n".getBytes(StandardCharsets.UTF_8));
            } catch (IOException gone) {
                // It ended on its own.
            }
        } else {
            app.descendants().forEach(ProcessHandle::destroy);
            app.destroy();
        }
        if (!app.waitFor(60, TimeUnit.SECONDS)) {
            app.descendants().forEach(ProcessHandle::destroyForcibly);
            app.destroyForcibly();
            app.waitFor(10, TimeUnit.SECONDS);
        }
        // The next launch must not find this window.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (WindowRows.viewable(TITLE).isPresent() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
