package org.virtfx.bench.netdev;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.virtfx.core.netdev.DeviceNames;
import org.virtfx.core.netdev.IpRouteDevices;
import org.virtfx.core.netdev.NetDevices;
import org.virtfx.core.netdev.NetNamespace;
import org.virtfx.core.netdev.NetlinkDevices;

/**
 * The veth benchmark of the host networking issue. For each implementation: the cost of one
 * caller's create + attach + delete of a pair whose peer is born in a second namespace (and of
 * each of the three steps, for netlink), and the
 * wall time of 100 callers doing the same at once (median of 3), and the cost per pair when a
 * caller deletes its pairs as one batch. Runs as root, entirely inside two network
 * namespaces of its own ({@code vfxbench-...}), which it removes at the end. The last line is
 * {@code netlink_ms_per_pair=… ip_ms_per_pair=… netlink_create_ms=… netlink_attach_ms=…
 * netlink_delete_ms=… netlink_batch_ms_per_pair=… ip_batch_ms_per_pair=… parallel100_ms=…
 * ip_parallel100_ms=… failures=…};
 * {@code parallel100_ms} is the default (netlink) implementation's.
 */
public final class VethBench {
    private static final String BRIDGE = "vfxbench0";
    private static final int PARALLEL = 100;

    private record Figures(double msPerPair, double createMs, double attachMs, double deleteMs,
                           double batchMsPerPair, double parallelMs, int failures) {
    }

    public static void main(String[] args) throws Exception {
        int netlinkPairs = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int ipPairs = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        Figures netlink = measure("netlink", NetlinkDevices::open, netlinkPairs);
        Figures ip = measure("ip", IpRouteDevices::open, ipPairs);
        System.out.println(String.format(Locale.ROOT,
                "netlink_ms_per_pair=%.3f ip_ms_per_pair=%.3f netlink_create_ms=%.3f netlink_attach_ms=%.3f"
                        + " netlink_delete_ms=%.3f netlink_batch_ms_per_pair=%.3f ip_batch_ms_per_pair=%.3f"
                        + " parallel100_ms=%.1f ip_parallel100_ms=%.1f failures=%d",
                netlink.msPerPair(), ip.msPerPair(), netlink.createMs(), netlink.attachMs(), netlink.deleteMs(),
                netlink.batchMsPerPair(), ip.batchMsPerPair(), netlink.parallelMs(), ip.parallelMs(),
                netlink.failures() + ip.failures()));
    }

    private static Figures measure(String label, Function<NetNamespace, NetDevices> open, int pairs)
            throws Exception {
        NetNamespace host = scratchNamespace();
        try {
            NetNamespace guest = scratchNamespace();
            try {
                return measureIn(label, open.apply(host), guest, pairs);
            } finally {
                guest.delete();
            }
        } finally {
            host.delete();
        }
    }

    private static Figures measureIn(String label, NetDevices opened, NetNamespace guest, int pairs)
            throws Exception {
        try (NetDevices devices = opened) {
            devices.createBridge(BRIDGE);
            devices.setUp(BRIDGE, true);
            DeviceNames names = new DeviceNames();
            // Warm up: JIT, the socket pool, the kernel's caches.
            for (int i = 0; i < Math.min(50, pairs); i++) {
                cycle(devices, names, guest);
            }
            long[] phases = new long[3];
            for (int i = 0; i < pairs; i++) {
                long start = System.nanoTime();
                String host = create(devices, names, guest);
                long created = System.nanoTime();
                devices.attach(host, BRIDGE);
                long attached = System.nanoTime();
                devices.delete(host);
                long deleted = System.nanoTime();
                phases[0] += created - start;
                phases[1] += attached - created;
                phases[2] += deleted - attached;
            }
            double createMs = phases[0] / 1e6 / pairs;
            double attachMs = phases[1] / 1e6 / pairs;
            double deleteMs = phases[2] / 1e6 / pairs;
            double msPerPair = createMs + attachMs + deleteMs;
            System.out.printf(Locale.ROOT, "%s: one caller, %d pairs: %.3f ms per create+attach+delete"
                    + " (create in place %.3f, attach %.3f, delete %.3f)%n",
                    label, pairs, msPerPair, createMs, attachMs, deleteMs);

            // The same pairs, deleted together: the kernel's per-deletion RCU wait is paid once.
            List<String> batch = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < pairs; i++) {
                String host = create(devices, names, guest);
                devices.attach(host, BRIDGE);
                batch.add(host);
            }
            devices.deleteAll(batch);
            double batchMsPerPair = (System.nanoTime() - start) / 1e6 / pairs;
            System.out.printf(Locale.ROOT, "%s: one caller, %d pairs, deleted as one batch: %.3f ms per pair%n",
                    label, pairs, batchMsPerPair);

            int failures = 0;
            double[] rounds = new double[3];
            for (int round = 0; round < rounds.length; round++) {
                ParallelRun run = parallel(devices, names, guest);
                failures += run.failures();
                rounds[round] = run.millis();
                System.out.printf(Locale.ROOT, "%s: %d callers at once, create+attach+delete each: %.1f ms, %d failures%n",
                        label, PARALLEL, run.millis(), run.failures());
            }
            Arrays.sort(rounds);
            devices.delete(BRIDGE);
            return new Figures(msPerPair, createMs, attachMs, deleteMs, batchMsPerPair, rounds[1], failures);
        }
    }

    private record ParallelRun(double millis, int failures) {
    }

    private static ParallelRun parallel(NetDevices devices, DeviceNames names, NetNamespace guest)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        try {
            CountDownLatch ready = new CountDownLatch(PARALLEL);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < PARALLEL; i++) {
                results.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    try {
                        cycle(devices, names, guest);
                        return true;
                    } catch (RuntimeException e) {
                        System.out.println("failure: " + e.getMessage());
                        return false;
                    }
                }));
            }
            ready.await();
            long start = System.nanoTime();
            go.countDown();
            int failures = 0;
            for (Future<Boolean> result : results) {
                if (!result.get(60, TimeUnit.SECONDS)) {
                    failures++;
                }
            }
            return new ParallelRun((System.nanoTime() - start) / 1e6, failures);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Create a pair with its peer born in {@code guest}, attach the host end, delete the pair. */
    private static void cycle(NetDevices devices, DeviceNames names, NetNamespace guest) {
        String host = create(devices, names, guest);
        devices.attach(host, BRIDGE);
        devices.delete(host);
    }

    /** A pair whose peer is created directly in {@code guest}; returns the host end's name. */
    private static String create(NetDevices devices, DeviceNames names, NetNamespace guest) {
        String host = names.next("vnet");
        if (!devices.createVeth(host, names.next("vpeer"), guest, Optional.empty())) {
            throw new IllegalStateException(host + " taken inside the benchmark's own namespace");
        }
        return host;
    }

    private static NetNamespace scratchNamespace() {
        byte[] random = new byte[4];
        ThreadLocalRandom.current().nextBytes(random);
        NetNamespace namespace = NetNamespace.named("vfxbench-" + HexFormat.of().formatHex(random));
        namespace.create();
        return namespace;
    }
}
