package org.virtfx.bench.netdev;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.virtfx.core.net.MacAddress;
import org.virtfx.plumbing.netdev.DeviceNames;
import org.virtfx.plumbing.netdev.IpRouteDevices;
import org.virtfx.plumbing.netdev.NetDevices;
import org.virtfx.plumbing.netdev.NetNamespace;
import org.virtfx.plumbing.netdev.NetlinkDevices;
import org.virtfx.plumbing.netdev.VethPair;
import org.virtfx.plumbing.netdev.VethPairs;
import org.virtfx.plumbing.netdev.VethRequest;

/**
 * The veth benchmark of the host networking issue. One cycle is what a container's interface
 * costs: plug a pair (peer born in a second namespace with the guest's MAC, host end with its
 * own MAC, a port of a bridge and up) and delete it. For each implementation: one caller's
 * cost per cycle, the same with the deletions made as one batch (and its plugs alone, made in
 * a row), and the wall time of 100 callers at once, cycling or only plugging (median of 9).
 *
 * <p>It also measures the kernel's own floor for the same work: the identical requests from
 * one {@code ip -batch} file, the reference the issue names. No implementation can go below
 * it, so the two figures side by side say how much is ours and how much is the kernel's. The
 * floor of 100 pairs batched is taken before each round of 100 callers, in the same
 * namespaces, so that their ratio holds on a machine other work is slowing down.
 *
 * <p>Runs as root, entirely inside two network namespaces of its own ({@code vfxbench-...}),
 * which it removes at the end. The last line holds every figure; {@code parallel100_ms} and
 * {@code parallel100_vs_floor} (the target: at most 1.2) are the default (netlink)
 * implementation's.
 */
public final class VethBench {
    private static final String BRIDGE = "vfxbench0";
    private static final int PARALLEL = 100;
    /** Rounds of each parallel figure and of its floor; the median is reported. */
    private static final int ROUNDS = 9;

    private record Figures(double msPerPair, double plugMs, double deleteMs, double batchMsPerPair,
                           double plugInARowMs, Contention parallel, int failures) {
    }

    /**
     * {@link #PARALLEL} callers at once, medians of {@link #ROUNDS}: the wall time when each
     * plugs and deletes a pair, and when each only plugs one; beside each, the kernel's floor
     * for the same {@link #PARALLEL} pairs from one {@code ip -batch} (plugged in a row, then
     * deleted as one group), taken just before in the same namespaces, so that both see the
     * same load on a shared machine. The ratios are medians of each round's own ratio.
     */
    private record Contention(double ms, double floorMs, double ratio, double plugMs, double floorPlugMs,
                              double plugRatio) {
    }

    private record Floor(double msPerPair, double batchMsPerPair, double plugInARowMs) {
    }

    public static void main(String[] args) throws Exception {
        int netlinkPairs = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int ipPairs = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        Floor floor = inScratchNamespaces((host, guest) -> kernelFloor(host, guest, netlinkPairs));
        Figures netlink = inScratchNamespaces((host, guest) -> measure("netlink", NetlinkDevices.open(host), guest,
                netlinkPairs, true));
        Figures ip = inScratchNamespaces((host, guest) -> measure("ip", IpRouteDevices.open(host), guest, ipPairs,
                false));
        System.out.println(String.format(Locale.ROOT,
                "netlink_ms_per_pair=%.3f kernel_floor_ms_per_pair=%.3f netlink_plug_ms=%.3f netlink_delete_ms=%.3f"
                        + " netlink_batch_ms_per_pair=%.3f kernel_floor_batch_ms_per_pair=%.3f"
                        + " netlink_plug_in_a_row_ms=%.3f kernel_floor_plug_in_a_row_ms=%.3f ip_ms_per_pair=%.3f"
                        + " ip_batch_ms_per_pair=%.3f parallel100_ms=%.1f kernel_floor_batch100_ms=%.1f"
                        + " parallel100_vs_floor=%.2f parallel100_plug_ms=%.1f kernel_floor_batch100_plug_ms=%.1f"
                        + " parallel100_plug_vs_floor=%.2f ip_parallel100_ms=%.1f failures=%d",
                netlink.msPerPair(), floor.msPerPair(), netlink.plugMs(), netlink.deleteMs(),
                netlink.batchMsPerPair(), floor.batchMsPerPair(), netlink.plugInARowMs(), floor.plugInARowMs(),
                ip.msPerPair(), ip.batchMsPerPair(), netlink.parallel().ms(), netlink.parallel().floorMs(),
                netlink.parallel().ratio(), netlink.parallel().plugMs(), netlink.parallel().floorPlugMs(),
                netlink.parallel().plugRatio(), ip.parallel().ms(),
                netlink.failures() + ip.failures()));
    }

    private interface Scenario<T> {
        T run(NetNamespace host, NetNamespace guest) throws Exception;
    }

    private static <T> T inScratchNamespaces(Scenario<T> scenario) throws Exception {
        NetNamespace host = scratchNamespace();
        try {
            NetNamespace guest = scratchNamespace();
            try {
                return scenario.run(host, guest);
            } finally {
                guest.delete();
            }
        } finally {
            host.delete();
        }
    }

    /**
     * The same plugs and deletions as one {@code ip -batch} file each: one process, one netlink
     * socket, no Java at all, so nearly all of the time is the kernel's.
     */
    private static Floor kernelFloor(NetNamespace host, NetNamespace guest, int pairs) {
        IpBatch.run(host, "link add " + BRIDGE + " up type bridge\n");
        StringBuilder cycles = new StringBuilder();
        for (int i = 0; i < pairs; i++) {
            cycles.append(plugLine(i, guest)).append("link del floor").append(i).append('\n');
        }
        long start = System.nanoTime();
        IpBatch.run(host, cycles.toString());
        double msPerPair = (System.nanoTime() - start) / 1e6 / pairs;
        System.out.printf(Locale.ROOT, "kernel floor (ip -batch): %d pairs: %.3f ms per plug+delete%n", pairs, msPerPair);

        double[] batch = floorBatch(host, guest, pairs);
        return new Floor(msPerPair, batch[0] / pairs, batch[1] / pairs);
    }

    private static String plugLine(int i, NetNamespace guest) {
        MacAddress mac = guestMac(i);
        return "link add floor" + i + " address " + mac.hostSide() + " master " + BRIDGE
                + " up numtxqueues 1 numrxqueues 1 type veth peer name fpeer" + i + " netns " + guest.name()
                + " numtxqueues 1 numrxqueues 1 address " + mac + "\n";
    }


    /** @param withFloor whether each parallel round is preceded by a round of the kernel's floor */
    private static Figures measure(String label, NetDevices opened, NetNamespace guest, int pairs, boolean withFloor)
            throws Exception {
        try (NetDevices devices = opened) {
            devices.createBridge(BRIDGE);
            devices.setUp(BRIDGE, true);
            VethPairs veths = new VethPairs(devices, new DeviceNames(), VethPairs.DEFAULT_ATTEMPTS);
            // Warm up: JIT, the socket pool, the kernel's caches.
            for (int i = 0; i < Math.min(50, pairs); i++) {
                veths.delete(plug(veths, guest, i));
            }
            long plugNanos = 0;
            long deleteNanos = 0;
            for (int i = 0; i < pairs; i++) {
                long start = System.nanoTime();
                VethPair pair = plug(veths, guest, i);
                long plugged = System.nanoTime();
                veths.delete(pair);
                plugNanos += plugged - start;
                deleteNanos += System.nanoTime() - plugged;
            }
            double plugMs = plugNanos / 1e6 / pairs;
            double deleteMs = deleteNanos / 1e6 / pairs;
            System.out.printf(Locale.ROOT, "%s: one caller, %d pairs: %.3f ms per plug+delete (plug %.3f, delete %.3f)%n",
                    label, pairs, plugMs + deleteMs, plugMs, deleteMs);

            List<VethPair> batch = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < pairs; i++) {
                batch.add(plug(veths, guest, i));
            }
            long plugged = System.nanoTime();
            veths.deleteAll(batch);
            double batchMsPerPair = (System.nanoTime() - start) / 1e6 / pairs;
            double plugInARowMs = (plugged - start) / 1e6 / pairs;
            System.out.printf(Locale.ROOT, "%s: one caller, %d pairs, deleted as one batch: %.3f ms per pair"
                    + " (plugs in a row %.3f)%n", label, pairs, batchMsPerPair, plugInARowMs);

            int failures = 0;
            double[][] rounds = new double[6][ROUNDS];
            for (int round = 0; round < ROUNDS; round++) {
                if (withFloor) {
                    double[] floor = floorBatch(devices.namespace(), guest, PARALLEL);
                    rounds[1][round] = floor[0];
                    rounds[4][round] = floor[1];
                }
                ParallelRun run = parallel(veths, guest, true);
                failures += run.failures();
                rounds[0][round] = run.millis();
                rounds[2][round] = run.millis() / rounds[1][round];
                ParallelRun plugs = parallel(veths, guest, false);
                failures += plugs.failures();
                rounds[3][round] = plugs.millis();
                rounds[5][round] = plugs.millis() / rounds[4][round];
                System.out.printf(Locale.ROOT, "%s: %d callers at once: plug+delete each %.1f ms, plug each %.1f ms,"
                        + " %d failures%n", label, PARALLEL, run.millis(), plugs.millis(),
                        run.failures() + plugs.failures());
            }
            devices.delete(BRIDGE);
            Contention contention = new Contention(median(rounds[0]), median(rounds[1]), median(rounds[2]),
                    median(rounds[3]), median(rounds[4]), median(rounds[5]));
            return new Figures(plugMs + deleteMs, plugMs, deleteMs, batchMsPerPair, plugInARowMs, contention,
                    failures);
        }
    }

    /**
     * The kernel's floor for {@code pairs} pairs: plugged in a row from one {@code ip -batch},
     * then deleted as one group from another; returns the time of both and of the plugs alone, in ms.
     */
    private static double[] floorBatch(NetNamespace host, NetNamespace guest, int pairs) {
        StringBuilder plugs = new StringBuilder();
        StringBuilder group = new StringBuilder();
        for (int i = 0; i < pairs; i++) {
            plugs.append(plugLine(i, guest));
            group.append("link set floor").append(i).append(" group 4242\n");
        }
        group.append("link del group 4242\n");
        long start = System.nanoTime();
        IpBatch.run(host, plugs.toString());
        long plugged = System.nanoTime();
        IpBatch.run(host, group.toString());
        double total = (System.nanoTime() - start) / 1e6;
        double plugsOnly = (plugged - start) / 1e6;
        System.out.printf(Locale.ROOT, "kernel floor (ip -batch): %d pairs plugged in a row, deleted as one group:"
                + " %.1f ms (plugs %.1f)%n", pairs, total, plugsOnly);
        return new double[] {total, plugsOnly};
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private record ParallelRun(double millis, int failures) {
    }

    /**
     * {@link #PARALLEL} callers released at once, each plugging a pair and, when
     * {@code deleteEach}, deleting it again; without, the time ends when the last pair is
     * plugged and the pairs are then deleted as one batch, untimed.
     */
    private static ParallelRun parallel(VethPairs veths, NetNamespace guest, boolean deleteEach) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        try {
            CountDownLatch ready = new CountDownLatch(PARALLEL);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<VethPair>> results = new ArrayList<>();
            for (int i = 0; i < PARALLEL; i++) {
                int caller = i;
                results.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    try {
                        VethPair pair = plug(veths, guest, caller);
                        if (deleteEach) {
                            veths.delete(pair);
                        }
                        return pair;
                    } catch (RuntimeException e) {
                        System.out.println("failure: " + e.getMessage());
                        return null;
                    }
                }));
            }
            ready.await();
            long start = System.nanoTime();
            go.countDown();
            int failures = 0;
            List<VethPair> plugged = new ArrayList<>();
            for (Future<VethPair> result : results) {
                VethPair pair = result.get(60, TimeUnit.SECONDS);
                if (pair == null) {
                    failures++;
                } else {
                    plugged.add(pair);
                }
            }
            double millis = (System.nanoTime() - start) / 1e6;
            if (!deleteEach) {
                veths.deleteAll(plugged);
            }
            return new ParallelRun(millis, failures);
        } finally {
            pool.shutdownNow();
        }
    }

    /** What a container start does for one interface: a generated pair, plugged into the bridge. */
    private static VethPair plug(VethPairs veths, NetNamespace guest, int i) {
        return veths.plug(VethRequest.generated(guest, guestMac(i)), BRIDGE);
    }

    private static MacAddress guestMac(int i) {
        return new MacAddress(new byte[] {0x52, 0x54, 0, 0x20, (byte) (i >> 8), (byte) i});
    }

    private static NetNamespace scratchNamespace() {
        byte[] random = new byte[4];
        ThreadLocalRandom.current().nextBytes(random);
        NetNamespace namespace = NetNamespace.named("vfxbench-" + HexFormat.of().formatHex(random));
        namespace.create();
        return namespace;
    }
}
