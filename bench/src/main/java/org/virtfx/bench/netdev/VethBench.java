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
import org.virtfx.plumbing.process.HostProcess;

/**
 * The veth benchmark of the host networking issue. One cycle is what a container's interface
 * costs: plug a pair (peer born in a second namespace with the guest's MAC, host end with its
 * own MAC, a port of a bridge and up) and delete it. For each implementation: one caller's
 * cost per cycle, the same with the deletions made as one batch (and its plugs alone, made in
 * a row), and the wall time of 100 callers cycling at once (median of 3).
 *
 * <p>It also measures the kernel's own floor for the same work: the identical requests from
 * one {@code ip -batch} file, the reference the issue names. No implementation can go below
 * it, so the two figures side by side say how much is ours and how much is the kernel's.
 *
 * <p>Runs as root, entirely inside two network namespaces of its own ({@code vfxbench-...}),
 * which it removes at the end. The last line holds every figure; {@code parallel100_ms} is the
 * default (netlink) implementation's.
 */
public final class VethBench {
    private static final String BRIDGE = "vfxbench0";
    private static final int PARALLEL = 100;

    private record Figures(double msPerPair, double plugMs, double deleteMs, double batchMsPerPair,
                           double plugInARowMs, double parallelMs, int failures) {
    }

    private record Floor(double msPerPair, double batchMsPerPair, double plugInARowMs) {
    }

    public static void main(String[] args) throws Exception {
        int netlinkPairs = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int ipPairs = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        Floor floor = inScratchNamespaces((host, guest) -> kernelFloor(host, guest, netlinkPairs));
        Figures netlink = inScratchNamespaces((host, guest) -> measure("netlink", NetlinkDevices.open(host), guest,
                netlinkPairs));
        Figures ip = inScratchNamespaces((host, guest) -> measure("ip", IpRouteDevices.open(host), guest, ipPairs));
        System.out.println(String.format(Locale.ROOT,
                "netlink_ms_per_pair=%.3f kernel_floor_ms_per_pair=%.3f netlink_plug_ms=%.3f netlink_delete_ms=%.3f"
                        + " netlink_batch_ms_per_pair=%.3f kernel_floor_batch_ms_per_pair=%.3f"
                        + " netlink_plug_in_a_row_ms=%.3f kernel_floor_plug_in_a_row_ms=%.3f ip_ms_per_pair=%.3f"
                        + " ip_batch_ms_per_pair=%.3f parallel100_ms=%.1f ip_parallel100_ms=%.1f failures=%d",
                netlink.msPerPair(), floor.msPerPair(), netlink.plugMs(), netlink.deleteMs(),
                netlink.batchMsPerPair(), floor.batchMsPerPair(), netlink.plugInARowMs(), floor.plugInARowMs(),
                ip.msPerPair(), ip.batchMsPerPair(), netlink.parallelMs(), ip.parallelMs(),
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
        ipBatch(host, "link add " + BRIDGE + " up type bridge\n");
        StringBuilder cycles = new StringBuilder();
        for (int i = 0; i < pairs; i++) {
            cycles.append(plugLine(i, guest)).append("link del floor").append(i).append('\n');
        }
        long start = System.nanoTime();
        ipBatch(host, cycles.toString());
        double msPerPair = (System.nanoTime() - start) / 1e6 / pairs;
        System.out.printf(Locale.ROOT, "kernel floor (ip -batch): %d pairs: %.3f ms per plug+delete%n", pairs, msPerPair);

        StringBuilder plugs = new StringBuilder();
        StringBuilder group = new StringBuilder();
        for (int i = 0; i < pairs; i++) {
            plugs.append(plugLine(i, guest));
            group.append("link set floor").append(i).append(" group 4242\n");
        }
        group.append("link del group 4242\n");
        start = System.nanoTime();
        ipBatch(host, plugs.toString());
        long plugged = System.nanoTime();
        ipBatch(host, group.toString());
        double batchMsPerPair = (System.nanoTime() - start) / 1e6 / pairs;
        double plugInARowMs = (plugged - start) / 1e6 / pairs;
        System.out.printf(Locale.ROOT, "kernel floor (ip -batch): %d pairs, deleted as one group: %.3f ms per pair"
                + " (plugs in a row %.3f)%n", pairs, batchMsPerPair, plugInARowMs);
        return new Floor(msPerPair, batchMsPerPair, plugInARowMs);
    }

    private static String plugLine(int i, NetNamespace guest) {
        MacAddress mac = guestMac(i);
        return "link add floor" + i + " address " + mac.hostSide() + " master " + BRIDGE
                + " up numtxqueues 1 numrxqueues 1 type veth peer name fpeer" + i + " netns " + guest.name()
                + " numtxqueues 1 numrxqueues 1 address " + mac + "\n";
    }

    private static void ipBatch(NetNamespace namespace, String commands) {
        HostProcess.Result result = HostProcess.run(List.of("ip", "-n", namespace.name(), "-batch", "-"), commands);
        if (!result.ok()) {
            throw new IllegalStateException("ip -batch failed: " + result.stderr().strip());
        }
    }

    private static Figures measure(String label, NetDevices opened, NetNamespace guest, int pairs) throws Exception {
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
            double[] rounds = new double[3];
            for (int round = 0; round < rounds.length; round++) {
                ParallelRun run = parallel(veths, guest);
                failures += run.failures();
                rounds[round] = run.millis();
                System.out.printf(Locale.ROOT, "%s: %d callers at once, plug+delete each: %.1f ms, %d failures%n",
                        label, PARALLEL, run.millis(), run.failures());
            }
            Arrays.sort(rounds);
            devices.delete(BRIDGE);
            return new Figures(plugMs + deleteMs, plugMs, deleteMs, batchMsPerPair, plugInARowMs, rounds[1],
                    failures);
        }
    }

    private record ParallelRun(double millis, int failures) {
    }

    private static ParallelRun parallel(VethPairs veths, NetNamespace guest) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        try {
            CountDownLatch ready = new CountDownLatch(PARALLEL);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < PARALLEL; i++) {
                int caller = i;
                results.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    try {
                        veths.delete(plug(veths, guest, caller));
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
