package org.virtfx.bench.console;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.virtfx.bench.manager.AppJava;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.DriverRegistry;

/**
 * Issue 13, item 3: what a still graphical console costs. The application runs in its own JVM
 * as {@code virtfx --show-domain-console} on {@code qemu:///embed}, with a SeaBIOS guest
 * without a disk: its text screen stands still but for the blinking cursor. The peer, in the
 * same run and the same window, is the guest shut off ("Guest is not running."). Each is
 * measured from {@code /proc/PID/stat} over a window of SECONDS (30) after 20 s of settling,
 * with the app's five busiest threads; the guest-off run goes first so neither gets a warmer
 * disk cache. Both run as the launchers run the app ({@link AppJava}: their JVM flags, and
 * software drawing on a machine without a GPU). Then, in a fresh JVM started the same way that
 * first shows the manager on test:///default and waits for its first loads (the app's state
 * when a person opens a VM), the running VM's window is opened on its console six times
 * ({@link ConsoleOpen}), timed until its first frame is on screen (target 0.3 s): the first
 * open and the median of the five after it. Last line: {@code still_console_pct=…
 * guest_off_pct=… console_cost_pct=… console_open_ms=… console_first_open_ms=… load1=…}, the
 * cost being the difference, in percent of one core, and the load the 1-minute average at the
 * end.
 *
 * <p>Arguments: the application directory ({@code app/target}) and optionally SECONDS. Needs
 * {@code qemu-system-x86_64} and a display (bench/run uses xvfb-run when there is none).
 */
public final class StillConsoleBench {
    static final String QEMU = "/usr/bin/qemu-system-x86_64";
    /** A guest without a disk: SeaBIOS's text screen, still but for the blinking cursor. */
    static final String SEABIOS_XML = "<domain type='qemu'><name>still</name>"
            + "<memory unit='MiB'>64</memory><vcpu>1</vcpu><os><type arch='x86_64' machine='pc'>hvm</type></os>"
            + "<devices><emulator>" + QEMU + "</emulator><graphics type='vnc'><listen type='socket'/></graphics>"
            + "<video><model type='vga'/></video><memballoon model='none'/></devices></domain>";
    private static final long CLOCK_TICKS = 100; // USER_HZ on Linux
    // Past start-up and the JIT compiler's first work on the paint path: the still state is what counts.
    private static final int SETTLE_SECONDS = 20;
    /** Opens of the VM window after the first, whose median is console_open_ms. */
    private static final int LATER_OPENS = 5;

    private StillConsoleBench() {
    }

    public static void main(String[] args) throws Exception {
        Path appDir = Path.of(args.length > 0 ? args[0] : "app/target").toAbsolutePath();
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        if (!Files.isExecutable(Path.of(QEMU))) {
            throw new IllegalStateException("needs " + QEMU + " (Debian's qemu-system-x86)");
        }
        Path work = Files.createTempDirectory("vfxconsolebench-");
        Path root = Files.createDirectories(work.resolve("qemu"));
        String uri = "qemu:///embed?root=" + root;
        // The bench opens the root only to define, start and destroy, never while the app runs:
        // with the bench's connection to the running VM open, the app's window drew no screen
        // at all (0 % CPU), a measure of nothing. (A QEMU monitor serves one client at a time.)
        UUID uuid = null;
        try {
            try (Connection connection = DriverRegistry.discover().open(uri)) {
                uuid = connection.domains().define(SEABIOS_XML).uuid();
            }
            Measured off = measure(appDir, work, uri, seconds);
            System.out.println("guest off (Guest is not running.): " + off);
            try (Connection connection = DriverRegistry.discover().open(uri)) {
                connection.domains().start(uuid);
            }
            Measured still = measure(appDir, work, uri, seconds);
            System.out.println("still console (SeaBIOS, blinking cursor): " + still);
            // The app is gone: the opening JVM may hold the VM's monitor now.
            ConsoleOpen.Opens opens = ConsoleOpen.inFreshJvm(uri, uuid, LATER_OPENS, work,
                    System.getProperty("java.class.path"));
            System.out.println("console appears after opening the running VM's window, the manager up: " + opens);
            System.out.printf(Locale.ROOT, "still_console_pct=%.2f guest_off_pct=%.2f console_cost_pct=%.2f"
                    + " console_open_ms=%.0f console_first_open_ms=%.0f load1=%s%n",
                    still.percent(), off.percent(), still.percent() - off.percent(), opens.laterMedian(),
                    opens.firstMillis(), Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } finally {
            destroyAndRemove(uri, uuid, work);
        }
    }

    /** Destroys the guest if it runs ({@code uuid} null when none was defined) and removes the bench's folder. */
    static void destroyAndRemove(String uri, UUID uuid, Path work) throws IOException {
        if (uuid != null) {
            try (Connection connection = DriverRegistry.discover().open(uri)) {
                if (connection.domains().byUuid(uuid).map(d -> d.isActive()).orElse(false)) {
                    connection.domains().destroy(uuid);
                }
            }
        }
        try (Stream<Path> files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    record Measured(double percent, String busiest) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.2f %% of one core; busiest threads: %s", percent, busiest);
        }
    }

    /** Opens the console window, lets it settle, and measures the app's CPU over {@code seconds}. */
    private static Measured measure(Path appDir, Path work, String uri, int seconds) throws Exception {
        Path config = Files.createDirectories(work.resolve("config-" + System.nanoTime()));
        List<String> command = new ArrayList<>(AppJava.command());
        command.addAll(List.of("-cp", appDir.resolve("virtfx.jar") + ":" + appDir.resolve("lib") + "/*",
                "org.virtfx.app.Launcher", "--connect", uri, "--show-domain-console", "still"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("app.log").toFile());
        builder.environment().put("XDG_CONFIG_HOME", config.toString());
        // Its own single-instance socket: a VirtFX the user has open must not answer for it.
        builder.environment().put("XDG_RUNTIME_DIR", config.toString());
        Process app = builder.start();
        try {
            Thread.sleep(SETTLE_SECONDS * 1000L);
            if (!app.isAlive()) {
                throw new IllegalStateException("the app ended: " + Files.readString(work.resolve("app.log")));
            }
            long pid = app.pid();
            Map<String, Long> threads0 = threadTicks(pid);
            long ticks0 = cpuTicks(Path.of("/proc", Long.toString(pid), "stat"));
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            if (!app.isAlive()) {
                throw new IllegalStateException("the app ended while measured (exit " + app.exitValue() + "): "
                        + Files.readString(work.resolve("app.log")));
            }
            long ticks1 = cpuTicks(Path.of("/proc", Long.toString(pid), "stat"));
            double elapsed = (System.nanoTime() - t0) / 1e9;
            Map<String, Long> threads1 = threadTicks(pid);
            StringBuilder busiest = new StringBuilder();
            threads1.entrySet().stream()
                    .map(e -> Map.entry(e.getKey(), e.getValue() - threads0.getOrDefault(e.getKey(), 0L)))
                    .filter(e -> e.getValue() > 0)
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(5)
                    .forEach(e -> busiest.append(String.format(Locale.ROOT, "%s %.2f %%; ", e.getKey(),
                            100.0 * e.getValue() / CLOCK_TICKS / elapsed)));
            return new Measured(100.0 * (ticks1 - ticks0) / CLOCK_TICKS / elapsed, busiest.toString().strip());
        } finally {
            app.destroy();
            if (!app.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                app.destroyForcibly();
            }
        }
    }

    /** Each thread's CPU ticks by "name/tid" (the JVM names its threads; the kernel keeps 15 characters). */
    private static Map<String, Long> threadTicks(long pid) throws IOException {
        Map<String, Long> ticks = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    ticks.put(name + "/" + task.getFileName(), cpuTicks(task.resolve("stat")));
                } catch (IOException ended) {
                    // The thread ended between the listing and the read.
                }
            }
        }
        return ticks;
    }

    /** utime + stime, fields 14 and 15 of a stat file (counted after the command name). */
    private static long cpuTicks(Path stat) throws IOException {
        String text = Files.readString(stat);
        String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
