package org.virtfx.bench.netdev;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.virtfx.core.event.EventBus;
import org.virtfx.plumbing.netdev.NetDevices;
import org.virtfx.plumbing.netdev.NetNamespace;
import org.virtfx.plumbing.netdev.NetlinkDevices;
import org.virtfx.plumbing.virtnet.VirtualNetworks;

/**
 * What a network list costs now that every operation first catches up with other processes:
 * {@code list()} of COUNT (50) defined networks when no other process changed anything (the
 * catch-up is a {@code stat} of the definitions' and the records' folders), against the same
 * list when another process has just written a definition (every file read and parsed again),
 * and against the floor, the two {@code stat}s alone. Medians of ROUNDS (2,000) calls each,
 * interleaved, so that all three see the same load on a shared machine.
 *
 * <p>Runs as root in a network namespace of its own ({@code vfxbench-...}) and temporary
 * folders, all removed at the end. The last line holds every figure.
 */
public final class NetworkListBench {
    private static final int ROUNDS = 2_000;

    private NetworkListBench() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        byte[] random = new byte[4];
        ThreadLocalRandom.current().nextBytes(random);
        NetNamespace namespace = NetNamespace.named("vfxbench-" + HexFormat.of().formatHex(random));
        if (!namespace.create()) {
            throw new IllegalStateException("namespace " + namespace + " already exists");
        }
        Path root = Files.createTempDirectory("virtfx-netlist-bench-");
        Path config = root.resolve("networks");
        Path state = root.resolve("run");
        Files.createDirectories(config);
        Files.createDirectories(state);
        try (NetDevices devices = NetlinkDevices.open(namespace)) {
            VirtualNetworks networks = new VirtualNetworks(config, state, devices, new EventBus());
            for (int i = 0; i < count; i++) {
                networks.define("<network><name>bench" + i + "</name><bridge name='vfxbn" + i + "'/></network>");
            }
            long[] unchanged = new long[ROUNDS];
            long[] reread = new long[ROUNDS];
            long[] floor = new long[ROUNDS];
            Instant past = Instant.now().minus(1, ChronoUnit.HOURS);
            for (int warm = 0; warm < 2; warm++) {
                for (int i = 0; i < ROUNDS; i++) {
                    // Settled folders: times well before any look, as after a quiet spell.
                    Files.setLastModifiedTime(config, FileTime.from(past));
                    Files.setLastModifiedTime(state, FileTime.from(past));
                    networks.list();
                    long t0 = System.nanoTime();
                    requireCount(networks, count);
                    long t1 = System.nanoTime();
                    // Another process's write: the definitions' folder gets a new time.
                    Files.setLastModifiedTime(config, FileTime.from(past.plusMillis(i + 1)));
                    long t2 = System.nanoTime();
                    requireCount(networks, count);
                    long t3 = System.nanoTime();
                    Files.getLastModifiedTime(config);
                    Files.getLastModifiedTime(state);
                    long t4 = System.nanoTime();
                    unchanged[i] = t1 - t0;
                    reread[i] = t3 - t2;
                    floor[i] = t4 - t3;
                }
            }
            double unchangedUs = median(unchanged);
            double rereadUs = median(reread);
            double floorUs = median(floor);
            System.out.println(count + " networks, " + ROUNDS + " lists each, medians");
            System.out.printf(Locale.ROOT, "networks=%d list_unchanged_us=%.1f list_after_change_us=%.1f "
                            + "two_stats_us=%.1f unchanged_vs_stats=%.1f after_change_vs_unchanged=%.1f%n", count,
                    unchangedUs, rereadUs, floorUs, unchangedUs / floorUs, rereadUs / unchangedUs);
        } finally {
            namespace.delete();
            deleteTree(root);
        }
    }

    private static void requireCount(VirtualNetworks networks, int count) {
        int listed = networks.list().size();
        if (listed != count) {
            throw new IllegalStateException("listed " + listed + " networks, not " + count);
        }
    }

    private static double median(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2] / 1_000.0;
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
