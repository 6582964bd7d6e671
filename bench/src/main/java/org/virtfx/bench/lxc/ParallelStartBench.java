package org.virtfx.bench.lxc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.DriverRegistry;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.plumbing.netdev.NetNamespace;

/**
 * The LXC driver's parallel-start benchmark (issue 5): for N = 12, 50 and 100 containers on one
 * network, the wall time of starting all N at once (one thread each, as libvirt's figures were
 * taken with one client and N threads), of destroying them all at once, and the failures; the
 * median of 3 repeats. Then the latency of one start, median of 20. Each container is rootless
 * (it shares the host's root) with {@code /bin/sleep infinity} as init and one interface on an
 * isolated network.
 *
 * <p>Runs as root through {@code lxc:///embed}: definitions and state under a temporary
 * directory, cgroups under a parent of its own, the bridge and host ends in a network
 * namespace of its own ({@code vfxlxcbench-...}). All of it is removed at the end, also after a
 * failure. The last line is {@code start100_s=… destroy100_s=… start1_ms=… failures=…}.
 */
public final class ParallelStartBench {
    private static final int[] SIZES = {12, 50, 100};
    private static final int REPEATS = 3;
    private static final int SINGLE_STARTS = 20;

    public static void main(String[] args) throws Exception {
        String tag = HexFormat.of().formatHex(randomBytes());
        NetNamespace namespace = NetNamespace.named("vfxlxcbench-" + tag);
        Path root = Files.createTempDirectory("virtfx-lxc-bench-");
        namespace.create();
        try (Connection connection = DriverRegistry.discover().open("lxc:///embed?root=" + root + "&netns="
                + namespace.name())) {
            try {
                run(connection);
            } finally {
                for (DomainSummary domain : connection.domains().list()) {
                    if (domain.isActive()) {
                        connection.domains().destroy(domain.uuid());
                    }
                }
            }
        } finally {
            namespace.delete();
            deleteTree(root);
        }
    }

    private static void run(Connection connection) throws Exception {
        UUID network = connection.networks().define(
                "<network><name>bench</name><bridge name='vfxlxcb0'/></network>").uuid();
        connection.networks().start(network);
        List<UUID> domains = new ArrayList<>();
        for (int i = 0; i < SIZES[SIZES.length - 1]; i++) {
            domains.add(connection.domains().define("<domain type='lxc'><name>bench" + i + "</name>"
                    + "<memory unit='MiB'>64</memory><os><type>exe</type><init>/bin/sleep</init>"
                    + "<initarg>infinity</initarg></os><devices><interface type='network'>"
                    + "<source network='bench'/></interface></devices></domain>").uuid());
        }
        // Warm up the JIT and the kernel's caches the way a running application would be.
        for (int i = 0; i < 3; i++) {
            parallel(domains.subList(0, 12), connection.domains()::start);
            parallel(domains.subList(0, 12), connection.domains()::destroy);
        }

        int failures = 0;
        double start100 = 0;
        double destroy100 = 0;
        for (int n : SIZES) {
            double[] starts = new double[REPEATS];
            double[] destroys = new double[REPEATS];
            int sizeFailures = 0;
            for (int r = 0; r < REPEATS; r++) {
                List<UUID> batch = domains.subList(0, n);
                Result start = parallel(batch, connection.domains()::start);
                Result destroy = parallel(batch, uuid -> {
                    if (connection.domains().byUuid(uuid).orElseThrow().isActive()) {
                        connection.domains().destroy(uuid);
                    }
                });
                starts[r] = start.seconds();
                destroys[r] = destroy.seconds();
                sizeFailures += start.failures() + destroy.failures();
            }
            failures += sizeFailures;
            double medianStart = median(starts);
            double medianDestroy = median(destroys);
            System.out.println(String.format(Locale.ROOT, "N=%d start_s=%.3f destroy_s=%.3f failures=%d"
                    + " (starts %s, destroys %s)", n, medianStart, medianDestroy, sizeFailures,
                    Arrays.toString(starts), Arrays.toString(destroys)));
            if (n == 100) {
                start100 = medianStart;
                destroy100 = medianDestroy;
            }
        }

        double[] single = new double[SINGLE_STARTS];
        UUID one = domains.get(0);
        for (int i = 0; i < SINGLE_STARTS; i++) {
            long t0 = System.nanoTime();
            connection.domains().start(one);
            single[i] = (System.nanoTime() - t0) / 1e6;
            connection.domains().destroy(one);
        }
        double start1 = median(single);
        System.out.println(String.format(Locale.ROOT, "one start: median %.2f ms, min %.2f ms, max %.2f ms",
                start1, Arrays.stream(single).min().orElseThrow(), Arrays.stream(single).max().orElseThrow()));

        for (UUID uuid : domains) {
            connection.domains().undefine(uuid);
        }
        connection.networks().destroy(network);
        connection.networks().undefine(network);
        System.out.println(String.format(Locale.ROOT, "start100_s=%.3f destroy100_s=%.3f start1_ms=%.1f failures=%d",
                start100, destroy100, start1, failures));
    }

    private record Result(double seconds, int failures) {
    }

    /** Runs the action for every domain at once, one thread each, released together. */
    private static Result parallel(List<UUID> domains, Consumer<UUID> action) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(domains.size());
        try {
            CountDownLatch ready = new CountDownLatch(domains.size());
            CountDownLatch go = new CountDownLatch(1);
            AtomicInteger failures = new AtomicInteger();
            List<Future<?>> done = new ArrayList<>();
            for (UUID uuid : domains) {
                done.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    try {
                        action.accept(uuid);
                    } catch (RuntimeException e) {
                        failures.incrementAndGet();
                        System.err.println("failed: " + e.getMessage());
                    }
                    return null;
                }));
            }
            ready.await();
            long t0 = System.nanoTime();
            go.countDown();
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
            return new Result((System.nanoTime() - t0) / 1e9, failures.get());
        } finally {
            pool.shutdownNow();
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[4];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    private static void deleteTree(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
