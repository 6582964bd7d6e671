package org.virtfx.bench.scale;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.virtfx.bench.data.RealisticDomains;
import org.virtfx.bench.scale.Linearity.Growth;
import org.virtfx.bench.scale.ScaleProbe.Phase;

/**
 * Issue 15's linearity on realistic domains, 100, 1,000 and 10,000 by default: each
 * {@link ScaleProbe} phase in this JVM (CPU time), best of RUNS (3), with virsh (wall time of its
 * process, since its CPU time cannot be read once it exits) on the same node files
 * beside the CLI phases when it is installed ({@code virsh list --all}, and {@code dominfo} and
 * {@code dumpxml} of every domain in one virsh run, read from its standard input). Exits with
 * status 1 when ten times the domains cost more than twelve times the time.
 *
 * <p>Usage: {@code ScaleBench [SIZE...]}; prints, last, one line of {@code name=value} pairs.
 */
public final class ScaleBench {
    private static final Path VIRSH = Path.of("/usr/bin/virsh");

    private ScaleBench() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = new ArrayList<>();
        for (String arg : args) {
            sizes.add(Integer.parseInt(arg));
        }
        if (sizes.isEmpty()) {
            sizes = List.of(100, 1_000, 10_000);
        }
        int runs = Integer.getInteger("runs", Integer.parseInt(System.getenv().getOrDefault("RUNS", "3")));
        Path work = Files.createTempDirectory("virtfx-scale");
        try {
            ScaleProbe probe = new ScaleProbe(work);
            List<Linearity.Size> measured = Linearity.measure(probe, sizes, runs);
            StringBuilder figures = new StringBuilder();
            for (Linearity.Size size : measured) {
                for (Phase phase : Phase.values()) {
                    figures.append(String.format(Locale.ROOT, "%s_%d_cpu_ms=%.1f ", key(phase), size.domains(),
                            size.bestNanos().get(phase) / 1e6));
                }
                if (Files.isExecutable(VIRSH)) {
                    Path node = probe.node(size.domains());
                    double list = best(runs, () -> virsh(node, "list --all\n"));
                    double open = best(runs, () -> virsh(node, openScript(size.domains())));
                    figures.append(String.format(Locale.ROOT, "virsh_list_%d_wall_ms=%.1f virsh_open_%d_wall_ms=%.1f ",
                            size.domains(), list, size.domains(), open));
                }
            }
            boolean linear = true;
            for (Growth growth : Linearity.growths(measured)) {
                System.out.println(growth.phase().name().toLowerCase(Locale.ROOT) + " " + growth.from() + " -> "
                        + growth.to() + ": " + String.format(Locale.ROOT, "%.2fx", growth.ratio())
                        + (growth.tooSteep() ? "  TOO STEEP (limit " + Linearity.LIMIT + "x a tenfold step)" : ""));
                figures.append(String.format(Locale.ROOT, "%s_%d_to_%d=%.2f ", key(growth.phase()), growth.from(),
                        growth.to(), growth.ratio()));
                linear &= !growth.tooSteep();
            }
            System.out.println(figures.append("runs=").append(runs).append(" linear=").append(linear ? "yes" : "no")
                    .append(" load1=").append(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]));
            if (!linear) {
                System.exit(1);
            }
        } finally {
            try (var files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String key(Phase phase) {
        return phase.name().toLowerCase(Locale.ROOT);
    }

    private static String openScript(int count) {
        StringBuilder script = new StringBuilder();
        for (int i = 0; i < count; i++) {
            String name = RealisticDomains.name(i);
            script.append("dominfo ").append(name).append('\n').append("dumpxml ").append(name).append('\n');
        }
        return script.toString();
    }

    /** Milliseconds of one virsh run on the node file, its commands read from standard input. */
    private static double virsh(Path node, String commands) throws IOException, InterruptedException {
        Path script = Files.createTempFile(node.getParent(), "virsh", ".txt");
        try {
            Files.writeString(script, commands);
            ProcessBuilder builder = new ProcessBuilder(VIRSH.toString(), "-c", "test://" + node.toAbsolutePath())
                    .redirectInput(script.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            long start = System.nanoTime();
            Process virsh = builder.start();
            if (!virsh.waitFor(10, TimeUnit.MINUTES) || virsh.exitValue() != 0) {
                virsh.destroyForcibly();
                throw new IllegalStateException("virsh failed on " + node);
            }
            return (System.nanoTime() - start) / 1e6;
        } finally {
            Files.deleteIfExists(script);
        }
    }

    private interface Run {
        double millis() throws IOException, InterruptedException;
    }

    private static double best(int runs, Run run) throws IOException, InterruptedException {
        double best = Double.MAX_VALUE;
        for (int i = 0; i < runs; i++) {
            best = Math.min(best, run.millis());
        }
        return best;
    }
}
