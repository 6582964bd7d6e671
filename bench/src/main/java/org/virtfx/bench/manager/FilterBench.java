package org.virtfx.bench.manager;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.virtfx.bench.data.RealisticNode;

/**
 * Issue 15: the manager with 10,000 realistic domains (the workstation's mix of states), driven
 * through its bench mode: a person types a name into the filter field a key at a time
 * ({@code ubuntu22.04-00}, narrowing from every domain to a few hundred) and erases it again,
 * and each key is timed from the edit to the end of the layout pass that puts the filtered rows
 * in place (target: 50 ms); then the list is scrolled 300 wheel notches, each timed the same
 * way. Beside each time, the FX thread's own work in it ({@code _work_}: the edit's listeners,
 * and the pulse's CSS and layout), without the wait for the next 60 Hz pulse and for the CPU
 * on a shared machine. virt-manager 4.1 has no filter field, so there is no peer figure.
 *
 * <p>Arguments: the application directory (default {@code app/target}), the domain count
 * (default 10,000). Needs a display ({@code bench/run filter} starts a private Xvfb).
 */
public final class FilterBench {
    private static final String TYPED = "ubuntu22.04-00";
    private static final int NOTCHES = 300;

    private FilterBench() {
    }

    public static void main(String[] args) throws Exception {
        Path appDir = Path.of(args.length > 0 ? args[0] : "app/target").toAbsolutePath();
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        Path work = Files.createTempDirectory("virtfx-filter-bench");
        try {
            Path node = RealisticNode.write(work.resolve("node-" + count + ".xml"), count);
            Path config = work.resolve("config");
            Files.createDirectories(config.resolve("virtfx"));
            ProcessBuilder builder = new ProcessBuilder(ManagerScaleBenchmark.command(appDir, node, null))
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            builder.environment().put("XDG_CONFIG_HOME", config.toString());
            builder.environment().put("XDG_RUNTIME_DIR", config.toString());
            Process app = builder.start();
            try {
                System.out.println(drive(app, count));
            } finally {
                app.destroyForcibly().waitFor();
            }
        } finally {
            try (var files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String drive(Process app, int count) throws IOException, InterruptedException {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    System.out.println("app: " + line);
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("virtfx-bench error " + e);
            }
        }, "app-stdout");
        reader.setDaemon(true);
        reader.start();
        try (Writer commands = new OutputStreamWriter(app.getOutputStream(), StandardCharsets.UTF_8)) {
            ManagerScaleBenchmark.await(lines, "virtfx-bench rows_shown", 300);
            // Start-up's own work (first stats polls, compilation) settles first.
            Thread.sleep(3_000);
            commands.write("type " + TYPED + "\n");
            commands.flush();
            String keys = ManagerScaleBenchmark.await(lines, "virtfx-bench keystrokes", 300);
            commands.write("scroll " + NOTCHES + "\n");
            commands.flush();
            String scroll = ManagerScaleBenchmark.await(lines, "virtfx-bench scroll", 300);
            commands.write("quit\n");
            commands.flush();
            app.waitFor(10, TimeUnit.SECONDS);
            return "domains=" + count + " keys=" + ManagerScaleBenchmark.value(keys, "keys") + " narrowest_rows=" + ManagerScaleBenchmark.value(keys, "narrowest_rows")
                    + " key_median_ms=" + ManagerScaleBenchmark.value(keys, "median_ms") + " key_max_ms=" + ManagerScaleBenchmark.value(keys, "max_ms")
                    + " key_work_median_ms=" + ManagerScaleBenchmark.value(keys, "work_median_ms")
                    + " key_work_max_ms=" + ManagerScaleBenchmark.value(keys, "work_max_ms")
                    + " key_cpu_median_ms=" + ManagerScaleBenchmark.value(keys, "cpu_median_ms")
                    + " key_cpu_max_ms=" + ManagerScaleBenchmark.value(keys, "cpu_max_ms")
                    + " scroll_notches=" + NOTCHES + " scroll_median_ms=" + ManagerScaleBenchmark.value(scroll, "median_ms")
                    + " scroll_max_ms=" + ManagerScaleBenchmark.value(scroll, "max_ms")
                    + " scroll_work_max_ms=" + ManagerScaleBenchmark.value(scroll, "work_max_ms")
                    + " scroll_cpu_median_ms=" + ManagerScaleBenchmark.value(scroll, "cpu_median_ms")
                    + " scroll_cpu_max_ms=" + ManagerScaleBenchmark.value(scroll, "cpu_max_ms")
                    + " keys_within_50ms=" + (Double.parseDouble(ManagerScaleBenchmark.value(keys, "max_ms")) <= 50 ? "yes" : "no")
                    + " load1=" + ManagerScaleBenchmark.load1();
        }
    }
}
