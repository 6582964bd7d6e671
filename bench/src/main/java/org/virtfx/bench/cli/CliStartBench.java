package org.virtfx.bench.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.virtfx.bench.data.RealisticDomains;
import org.virtfx.bench.data.RealisticNode;

/**
 * Issue 15, item 3: the command line as a user starts it, JVM start included, beside virsh in the
 * same run: {@code --version}, and {@code list --all}, {@code dominfo} and {@code dumpxml} on a
 * test node of 1,000 realistic domains. Each command runs once untimed (the first run after a
 * build makes the CLI's class-data archive), then RUNS times (5); the median counts. The
 * {@code list --all} tables of the two must be the same, byte for byte.
 *
 * <p>Usage: {@code CliStartBench [LAUNCHER]}, the {@code virtfx} script of the checkout by default
 * or e.g. {@code /usr/bin/virtfx}; its cache goes to a directory of its own. Prints, last, one
 * line of {@code name=value} pairs with the ratios to virsh.
 */
public final class CliStartBench {
    private static final int DOMAINS = 1000;
    private static final String VIRSH = "/usr/bin/virsh";

    private CliStartBench() {
    }

    /** One command, for each of the two programs. */
    private record Scenario(String key, List<String> virtfxArgs, List<String> virshArgs) {
    }

    public static void main(String[] args) throws Exception {
        Path launcher = Path.of(args.length > 0 ? args[0] : "virtfx").toAbsolutePath();
        int runs = Integer.parseInt(System.getenv().getOrDefault("RUNS", "5"));
        if (!Files.isExecutable(Path.of(VIRSH))) {
            throw new IllegalStateException("virsh is not installed (Debian's libvirt-clients)");
        }
        Path work = Files.createTempDirectory("virtfx-cli-bench");
        try {
            Path node = RealisticNode.write(work.resolve("node-" + DOMAINS + ".xml"), DOMAINS);
            String uri = "test://" + node;
            String name = RealisticDomains.name(DOMAINS / 2);
            List<Scenario> scenarios = List.of(
                    new Scenario("version", List.of("--version"), List.of("--version")),
                    new Scenario("list", List.of("-c", uri, "list", "--all"), List.of("-c", uri, "list", "--all")),
                    new Scenario("dominfo", List.of("-c", uri, "dominfo", name), List.of("-c", uri, "dominfo", name)),
                    new Scenario("dumpxml", List.of("-c", uri, "dumpxml", name), List.of("-c", uri, "dumpxml", name)));
            Path cache = Files.createDirectories(work.resolve("cache"));
            String virtfxList = run(launcher.toString(), scenarios.get(1).virtfxArgs(), cache).output;
            String virshList = run(VIRSH, scenarios.get(1).virshArgs(), cache).output;
            if (!virtfxList.equals(virshList)) {
                throw new IllegalStateException("virtfx and virsh list the domains differently");
            }
            StringBuilder figures = new StringBuilder();
            for (Scenario scenario : scenarios) {
                run(launcher.toString(), scenario.virtfxArgs(), cache);
                double virtfx = median(runs, () -> run(launcher.toString(), scenario.virtfxArgs(), cache).seconds);
                double virsh = median(runs, () -> run(VIRSH, scenario.virshArgs(), cache).seconds);
                System.out.printf(Locale.ROOT, "%-8s virtfx %.3f s, virsh %.3f s%n", scenario.key(), virtfx, virsh);
                figures.append(String.format(Locale.ROOT, "%s_s=%.3f virsh_%s_s=%.3f %s_to_virsh=%.2f ",
                        scenario.key(), virtfx, scenario.key(), virsh, scenario.key(), virtfx / virsh));
            }
            System.out.println(figures.append("domains=").append(DOMAINS).append(" runs=").append(runs)
                    .append(" load1=").append(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]));
        } finally {
            try (var files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private record Result(double seconds, String output) {
    }

    /** One run of the program, wall time from spawn to exit; a failing run ends the bench. */
    private static Result run(String program, List<String> arguments, Path cache)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(program);
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("XDG_CACHE_HOME", cache.toString());
        long start = System.nanoTime();
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
        return new Result((System.nanoTime() - start) / 1e9, new String(out, StandardCharsets.UTF_8));
    }

    private interface Run {
        double seconds() throws IOException, InterruptedException;
    }

    private static double median(int runs, Run run) throws IOException, InterruptedException {
        double[] seconds = new double[runs];
        for (int i = 0; i < runs; i++) {
            seconds[i] = run.seconds();
        }
        Arrays.sort(seconds);
        return seconds[runs / 2];
    }
}
