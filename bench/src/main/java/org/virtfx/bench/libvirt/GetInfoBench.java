package org.virtfx.bench.libvirt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.virtfx.drivers.libvirt.binding.ConnectAuth;
import org.virtfx.drivers.libvirt.binding.VirConnect;
import org.virtfx.drivers.libvirt.binding.VirDomain;

/**
 * The binding's per-call cost (issue 14, speed): {@code virDomainGetInfo} on libvirt's
 * test:///default domain, 10,000 calls per round after a warm-up of as many, through VirtFX's
 * JNA binding and through Debian's python3-libvirt in the same run (install it with
 * {@code apt-get install python3-libvirt}; CI does not). Median of the rounds for each. Both call
 * into the same libvirt.so.0, so the difference is the bindings' own overhead.
 */
public final class GetInfoBench {
    private static final String PYTHON = "/usr/bin/python3";

    public static void main(String[] args) throws IOException, InterruptedException {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        double java = binding(calls, rounds);
        double python = python(calls, rounds);
        System.out.println(String.format(Locale.ROOT,
                "calls=%d rounds=%d binding_ns_per_call=%.0f python_ns_per_call=%.0f binding_to_python=%.2f load1=%s",
                calls, rounds, java, python, java / python,
                Files.readString(Path.of("/proc/loadavg")).split(" ")[0]));
    }

    private static double binding(int calls, int rounds) {
        try (VirConnect conn = VirConnect.open("test:///default", ConnectAuth.NONE, 0);
             VirDomain domain = conn.domainByName("test")) {
            long sink = 0;
            for (int i = 0; i < calls; i++) {
                sink += domain.info().cpuTimeNanos();
            }
            double[] perCall = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                long start = System.nanoTime();
                for (int i = 0; i < calls; i++) {
                    sink += domain.info().cpuTimeNanos();
                }
                perCall[round] = (System.nanoTime() - start) / (double) calls;
            }
            if (sink == 42) {
                System.out.println("(keeps the results alive)");
            }
            return median(perCall);
        }
    }

    private static double python(int calls, int rounds) throws IOException, InterruptedException {
        Path script = Files.createTempFile("virtfx-getinfo", ".py");
        try (InputStream in = GetInfoBench.class.getResourceAsStream("getinfo.py")) {
            Files.write(script, in.readAllBytes());
            Process process = new ProcessBuilder(PYTHON, script.toString(), Integer.toString(calls),
                    Integer.toString(rounds)).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (process.waitFor() != 0) {
                throw new IllegalStateException("python3-libvirt run failed (apt-get install python3-libvirt): " + output);
            }
            return Double.parseDouble(output.lines().reduce((a, b) -> b).orElseThrow());
        } finally {
            Files.deleteIfExists(script);
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
