package org.virtfx.bench.lxc;

import java.io.IOException;
import java.lang.management.ManagementFactory;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.DriverRegistry;
import org.virtfx.bench.netdev.IpBatch;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.plumbing.netdev.NetNamespace;
import org.virtfx.plumbing.process.HostProcess;
import org.virtfx.plumbing.testhost.HostLease;
import org.virtfx.plumbing.testhost.HostResources;

/**
 * The LXC driver's parallel-start benchmark (issue 5): for N = 12, 50 and 100 containers on one
 * network, the wall time of starting all N at once (one thread each, as libvirt's figures were
 * taken with one client and N threads), of destroying them all at once, and the failures; the
 * median of 3 repeats. Then the latency of one start, median of 20. Each container is rootless
 * (it shares the host's root) with {@code /bin/sleep infinity} as init and one interface on an
 * isolated network.
 *
 * <p>Runs as root through {@code lxc:///embed}: definitions and state under a temporary
 * directory on a tmpfs ({@link #stateParent}), cgroups under a parent of its own, the bridge
 * and host ends in a network namespace of its own ({@code vfxlxcbench-...}). All of it is
 * removed at the end, also after a failure. The last line is
 * {@code start100_s=… destroy100_s=… start1_ms=… failures=…}.
 *
 * <p>With the argument {@code scale} it runs issue 15's scale check instead: 100 and then 1,000
 * containers on one network, and the memory each costs ({@link #scale}). With {@code scale ipv6}
 * the network carries IPv6 ({@code <network ipv6='yes'>}), so its bridge is the segment's
 * multicast querier, and the 1,000 start again with the querier turned off by hand, the
 * flooding bridge the driver made before. Without {@code ipv6} the network carries no IPv6, so
 * the containers' interfaces have none and send the bridge no multicast to flood.
 */
public final class ParallelStartBench {
    private static final int[] SIZES = {12, 50, 100};
    private static final int REPEATS = 3;
    private static final int SINGLE_STARTS = 20;

    /** Containers of the scale run: as many as one bridge takes, with room to spare (1,024 ports). */
    private static final int SCALE = 1000;
    /** The scale run's reference size. */
    private static final int SCALE_REFERENCE = 100;
    /** The bench network's bridge. */
    private static final String BRIDGE = "vfxlxcb0";
    /** Each container's memory, as its definition gives it. */
    private static final long MEMORY_MIB = 64;
    /** The task limit {@code lxc:///embed} gives each container (the system driver's). */
    private static final long PIDS_MAX = 16384;

    public static void main(String[] args) throws Exception {
        boolean scale = args.length > 0 && args[0].equals("scale");
        boolean ipv6 = scale && args.length == 2 && args[1].equals("ipv6");
        boolean idle = args.length > 0 && args[0].equals("idle");
        List<Integer> idleSizes = idle ? idleSizes(args) : List.of();
        if (!idle && (args.length > 0 && !scale || args.length == 2 && !ipv6 || args.length > 2)) {
            throw new IllegalArgumentException("usage: lxc [scale [ipv6] | idle [N...]], not: " + String.join(" ", args));
        }
        String tag = HexFormat.of().formatHex(randomBytes());
        NetNamespace namespace = NetNamespace.named("vfxlxcbench-" + tag);
        Path root = Files.createTempDirectory(stateParent(), "virtfx-lxc-bench-");
        String cgroupParent = embeddedCgroupParent(root);
        // A run killed half way leaves its containers, namespace, folder and cgroups to the next
        // run's (or test JVM's) sweep; the lease is given up once all of them are gone.
        HostLease lease = HostLease.take("bench/run lxc",
                new HostResources(List.of(namespace.name()), List.of(root), List.of(cgroupParent)));
        namespace.create();
        String uri = "lxc:///embed?root=" + root + "&netns=" + namespace.name();
        try (Connection connection = DriverRegistry.discover().open(uri)) {
            try {
                if (idle) {
                    System.out.println(IdleAdoptionBench.run(connection, uri, idleSizes));
                } else if (scale) {
                    scale(connection, root, cgroupParent, namespace, ipv6);
                } else {
                    run(connection);
                }
            } finally {
                destroyAll(connection);
            }
        } finally {
            try {
                // The bridge and every host end live in the namespace and go with it.
                namespace.delete();
                deleteTree(root);
            } finally {
                sweepCgroups(cgroupParent);
            }
        }
        lease.close();
    }

    /** The sizes after {@code idle}: 100 and 300 when none are given. */
    private static List<Integer> idleSizes(String[] args) {
        if (args.length == 1) {
            return List.of(100, 300);
        }
        List<Integer> sizes = new ArrayList<>();
        for (String arg : Arrays.asList(args).subList(1, args.length)) {
            try {
                sizes.add(Integer.parseInt(arg));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("lxc idle takes container counts, not '" + arg + "'");
            }
            if (sizes.get(sizes.size() - 1) < 1) {
                throw new IllegalArgumentException("lxc idle takes counts of at least 1, not " + arg);
            }
        }
        return sizes;
    }

    /**
     * Where the bench keeps its driver's files: on a tmpfs, as {@code lxc:///system} keeps its
     * state in {@code /run}, a tmpfs on the systems VirtFX is packaged for. Every start writes
     * and replaces a few small files there, and on a disk file system that stands in for the
     * driver: ext4 without a journal (this machine's {@code /tmp} and {@code /run}) makes each new
     * file skip every inode freed in its block group in the last minute or more, other
     * sessions' included, under the directory's lock.
     */
    private static Path stateParent() throws IOException {
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.getFileStore(shm).type().equals("tmpfs")) {
            return shm;
        }
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    private static void run(Connection connection) throws Exception {
        UUID network = defineNetwork(connection, false);
        List<UUID> domains = defineContainers(connection, SIZES[SIZES.length - 1]);
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
                Result destroy = parallel(batch, uuid -> destroyIfActive(connection, uuid));
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

    /**
     * Issue 15's containers at scale: {@value #SCALE_REFERENCE} containers on one network started
     * at once (median of 3), then {@value #SCALE} (once), each destroyed at once after; the ratio
     * of the two start times (target: at most 12), and what a running container costs in memory,
     * measured two ways with all {@value #SCALE} running: what the containers' cgroups are
     * charged, and how much the host's available memory fell (everything: kernel objects such as
     * the namespaces and veths, the supervisors, this JVM's own records; other work on the host
     * shows up in it too). Beside the ratio, the kernel's own ratio for the network part
     * ({@link #bridgeFloor}) and the whole containers' floor: the same containers made with no
     * VirtFX at all ({@link ContainerFloor}), 100 right after each of our 100-starts (median of
     * 3) and 1,000 right after our 1,000, so that both see the same machine; its ratio, and ours
     * over it at each size, say how much of the time and of the growth is ours. Each of these
     * starts first waits for the kernel to finish with the namespaces the one before left
     * ({@link #awaitNamespacesDismantled}). With {@code ipv6} the floor still has no IPv6: it
     * is the floor of the network without. Also the CPU
     * time one start costs at each size, which other work on a shared machine does not change as
     * it changes wall time: this JVM's (the driver), and
     * each supervisor's own from its spawn (the JDK's spawn helper closes every descriptor the
     * JVM has open). The load average before the 1,000 says how busy the machine was. The last
     * line is {@code start100_s=… start1000_s=… start1000_vs_100=… bridge_floor1000_vs_100=…
     * bridge_link_floor1000_vs_100=… cgroup_kib_per_container=… host_kib_per_container=… jvm_cpu_ms_per_start100=…
     * jvm_cpu_ms_per_start1000=… supervisor_cpu_ms100=… supervisor_cpu_ms1000=… frames_per_container1000=…
     * softirq_s1000=… container_floor100_s=… container_floor1000_s=… container_floor1000_vs_100=…
     * start100_vs_floor=… start1000_vs_floor=… load1=… failures=…}, where the frames are those the bridge sent into the
     * containers during the 1,000 start ({@link #framesToContainers}) and the soft-interrupt time
     * the machine spent meanwhile ({@link #softirqSeconds}); with {@code ipv6}, also the 1,000
     * start and destroy, their frames and soft-interrupt time with the bridge's querier off
     * ({@code start1000_noquerier_s=…}).
     */
    private static void scale(Connection connection, Path root, String cgroupParent, NetNamespace namespace,
                              boolean ipv6) throws Exception {
        Floor floorReference = bridgeFloor(SCALE_REFERENCE);
        Floor floorScale = bridgeFloor(SCALE);
        UUID network = defineNetwork(connection, ipv6);
        List<UUID> domains = defineContainers(connection, SCALE);
        for (int i = 0; i < 3; i++) {
            parallel(domains.subList(0, 12), connection.domains()::start);
            parallel(domains.subList(0, 12), uuid -> destroyIfActive(connection, uuid));
        }
        // After the warm-up, which made the driver's cgroup parent in every hierarchy it uses.
        ContainerFloor containerFloor = ContainerFloor.install(root, cgroupDirectories(cgroupParent),
                MEMORY_MIB * 1024 * 1024, PIDS_MAX);
        double[] floorStarts = new double[REPEATS];
        int failures = 0;
        double[] starts = new double[REPEATS];
        double[] destroys = new double[REPEATS];
        double[] jvmCpu = new double[REPEATS];
        double[] supervisorCpu = new double[REPEATS];
        for (int r = 0; r < REPEATS; r++) {
            awaitNamespacesDismantled();
            long cpuBefore = processCpuNanos();
            Result start = parallel(domains.subList(0, SCALE_REFERENCE), connection.domains()::start);
            jvmCpu[r] = (processCpuNanos() - cpuBefore) / 1e6 / SCALE_REFERENCE;
            supervisorCpu[r] = supervisorCpuMs(connection) / SCALE_REFERENCE;
            Result destroy = parallel(domains.subList(0, SCALE_REFERENCE), uuid -> destroyIfActive(connection, uuid));
            starts[r] = start.seconds();
            destroys[r] = destroy.seconds();
            failures += start.failures() + destroy.failures();
            System.out.println(String.format(Locale.ROOT, "N=%d start_s=%.3f destroy_s=%.3f failures=%d"
                    + " jvm_cpu_ms_per_start=%.2f supervisor_cpu_ms=%.2f", SCALE_REFERENCE, start.seconds(),
                    destroy.seconds(), start.failures() + destroy.failures(), jvmCpu[r], supervisorCpu[r]));
            awaitNamespacesDismantled();
            floorStarts[r] = containerFloor.start(SCALE_REFERENCE).startSeconds();
        }
        awaitNamespacesDismantled();
        String load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        long availableBefore = memAvailableKib();
        long cpuBefore = processCpuNanos();
        double softirqBefore = softirqSeconds();
        Result start = parallel(domains, connection.domains()::start);
        double softirq = softirqSeconds() - softirqBefore;
        double jvmCpuScale = (processCpuNanos() - cpuBefore) / 1e6 / SCALE;
        double supervisorCpuScale = supervisorCpuMs(connection) / SCALE;
        long availableRunning = memAvailableKib();
        long cgroupKib = cgroupMemoryKib(cgroupParent);
        long running = connection.domains().list().stream().filter(DomainSummary::isActive).count();
        long frames = framesToContainers(namespace);
        Result destroy = parallel(domains, uuid -> destroyIfActive(connection, uuid));
        failures += start.failures() + destroy.failures();
        System.out.println(String.format(Locale.ROOT, "N=%d start_s=%.3f destroy_s=%.3f failures=%d running=%d"
                + " jvm_cpu_ms_per_start=%.2f supervisor_cpu_ms=%.2f frames_per_container=%d softirq_s=%.2f"
                + " (load average before: %s)", SCALE, start.seconds(), destroy.seconds(),
                start.failures() + destroy.failures(), running, jvmCpuScale, supervisorCpuScale, frames / SCALE,
                softirq, load));
        awaitNamespacesDismantled();
        double floorScale1000 = containerFloor.start(SCALE).startSeconds();
        String bridgeFigures;
        if (ipv6) {
            // The same bridge without its querier: as the driver made it before, in the same run.
            IpBatch.run(namespace, "link set " + BRIDGE + " type bridge mcast_querier 0\n");
            double floodSoftirqBefore = softirqSeconds();
            Result floodStart = parallel(domains, connection.domains()::start);
            double floodSoftirq = softirqSeconds() - floodSoftirqBefore;
            long floodFrames = framesToContainers(namespace);
            Result floodDestroy = parallel(domains, uuid -> destroyIfActive(connection, uuid));
            failures += floodStart.failures() + floodDestroy.failures();
            System.out.println(String.format(Locale.ROOT, "N=%d without querier: start_s=%.3f destroy_s=%.3f"
                    + " failures=%d frames_per_container=%d softirq_s=%.2f", SCALE, floodStart.seconds(),
                    floodDestroy.seconds(), floodStart.failures() + floodDestroy.failures(), floodFrames / SCALE,
                    floodSoftirq));
            bridgeFigures = String.format(Locale.ROOT, " start1000_noquerier_s=%.3f start1000_noquerier_vs_100=%.2f"
                    + " destroy1000_noquerier_s=%.3f frames_per_container1000=%d frames_per_container1000_noquerier=%d"
                    + " softirq_s1000=%.2f softirq_s1000_noquerier=%.2f", floodStart.seconds(),
                    floodStart.seconds() / median(starts), floodDestroy.seconds(), frames / SCALE, floodFrames / SCALE,
                    softirq, floodSoftirq);
        } else {
            bridgeFigures = String.format(Locale.ROOT, " frames_per_container1000=%d softirq_s1000=%.2f",
                    frames / SCALE, softirq);
        }
        for (UUID uuid : domains) {
            connection.domains().undefine(uuid);
        }
        connection.networks().destroy(network);
        connection.networks().undefine(network);
        double start100 = median(starts);
        double floor100 = median(floorStarts);
        System.out.println(String.format(Locale.ROOT, "start100_s=%.3f start1000_s=%.3f start1000_vs_100=%.2f"
                        + " bridge_floor100_ms=%.1f bridge_floor1000_ms=%.1f bridge_floor1000_vs_100=%.2f"
                        + " link_up_floor100_ms=%.1f link_up_floor1000_ms=%.1f bridge_link_floor1000_vs_100=%.2f"
                        + " destroy100_s=%.3f destroy1000_s=%.3f cgroup_kib_per_container=%d host_kib_per_container=%d"
                        + " jvm_cpu_ms_per_start100=%.2f jvm_cpu_ms_per_start1000=%.2f supervisor_cpu_ms100=%.2f"
                        + " supervisor_cpu_ms1000=%.2f%s container_floor100_s=%.3f container_floor1000_s=%.3f"
                        + " container_floor1000_vs_100=%.2f start100_vs_floor=%.2f start1000_vs_floor=%.2f"
                        + " load1=%s failures=%d",
                start100, start.seconds(), start.seconds() / start100, floorReference.plugMs(), floorScale.plugMs(),
                floorScale.plugMs() / floorReference.plugMs(), floorReference.upMs(), floorScale.upMs(),
                floorScale.totalMs() / floorReference.totalMs(), median(destroys), destroy.seconds(),
                cgroupKib < 0 ? -1 : cgroupKib / SCALE, (availableBefore - availableRunning) / SCALE,
                median(jvmCpu), jvmCpuScale, median(supervisorCpu), supervisorCpuScale, bridgeFigures, floor100,
                floorScale1000, floorScale1000 / floor100, start100 / floor100, start.seconds() / floorScale1000, load,
                failures));
    }

    /**
     * Waits while the kernel dismantles the network namespaces of containers just destroyed: it
     * does so after their last task is gone, on a work queue of its own, up to seconds later for
     * a thousand, under the locks a start needs. So the next start, ours or the floor's, does not
     * pay for the one before. Done when the count of network namespaces ({@code /proc/slabinfo})
     * has not fallen for 250 ms, or after 10 s; other sessions' namespaces only make it end sooner.
     */
    private static void awaitNamespacesDismantled() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        long lowest = namespaceCount();
        int steady = 0;
        while (steady < 5 && System.nanoTime() < deadline) {
            Thread.sleep(50);
            long now = namespaceCount();
            steady = now < lowest ? 0 : steady + 1;
            lowest = Math.min(lowest, now);
        }
    }

    /** Network namespaces the kernel holds, its slab cache's active objects; 0 where not shown. */
    private static long namespaceCount() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/slabinfo"))) {
            if (line.startsWith("net_namespace ")) {
                return Long.parseLong(line.split("\s+")[1]);
            }
        }
        return 0;
    }

    /**
     * Seconds of CPU the whole machine has spent in soft interrupts, where the kernel forwards
     * the bridge's frames and the containers receive them ({@code /proc/stat}, in USER_HZ ticks):
     * other sessions on a shared machine add little to it, unlike wall time.
     */
    private static double softirqSeconds() throws IOException {
        String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).split("\\s+");
        return Long.parseLong(cpu[7]) / 100.0;
    }

    /** CPU time of this JVM, every thread, in nanoseconds. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * CPU time of every running container's supervisor so far, in milliseconds: the scheduler's
     * own count ({@code se.sum_exec_runtime} in {@code /proc/PID/sched}; a supervisor's
     * {@code /proc/PID/stat} ticks round a few milliseconds to 0). A domain's id is its
     * supervisor's pid. NaN when the kernel does not publish the count.
     */
    private static double supervisorCpuMs(Connection connection) {
        double total = 0;
        for (DomainSummary domain : connection.domains().list()) {
            if (domain.isActive()) {
                try {
                    total += Files.readAllLines(Path.of("/proc", Integer.toString(domain.id()), "sched")).stream()
                            .filter(line -> line.startsWith("se.sum_exec_runtime"))
                            .mapToDouble(line -> Double.parseDouble(line.substring(line.indexOf(':') + 1).strip()))
                            .findFirst().orElse(Double.NaN);
                } catch (IOException e) {
                    return Double.NaN;
                }
            }
        }
        return total;
    }

    /**
     * The kernel's own cost of the containers' network part, for comparison: {@code pairs} veth
     * pairs plugged into one fresh bridge from one {@code ip -batch}, peers in a second namespace,
     * then every peer brought up from a second batch, as each container brings up its end, in
     * scratch namespaces removed after. Neither end has IPv6, as the driver's on a network without IPv6.
     * Adding a port costs the bridge work over all its ports (features, MTU, addresses), and so
     * does each port's link coming up (the bridge chooses every port's state again), so ten
     * times the ports cost more than ten times the time.
     */
    private static Floor bridgeFloor(int pairs) {
        String tag = HexFormat.of().formatHex(randomBytes());
        NetNamespace host = NetNamespace.named("vfxlxcfloor-" + tag);
        NetNamespace guest = NetNamespace.named("vfxlxcfloor-" + tag + "-peers");
        HostLease lease = HostLease.take("bench/run lxc bridge floor",
                new HostResources(List.of(host.name(), guest.name()), List.of(), List.of()));
        host.create();
        try {
            guest.create();
            // No end gets IPv6, as the driver's ends on a network without IPv6 have none.
            host.call(() -> Files.writeString(Path.of("/proc/sys/net/ipv6/conf/default/disable_ipv6"), "1\n"));
            guest.call(() -> Files.writeString(Path.of("/proc/sys/net/ipv6/conf/default/disable_ipv6"), "1\n"));
            // Without snooping, as the driver makes the bridge of a network without IPv6.
            IpBatch.run(host, "link add vfxfloor0 up type bridge mcast_snooping 0\n");
            StringBuilder plugs = new StringBuilder();
            StringBuilder ups = new StringBuilder();
            for (int i = 0; i < pairs; i++) {
                plugs.append("link add floor").append(i).append(" master vfxfloor0 up numtxqueues 1 numrxqueues 1")
                        .append(" type veth peer name fpeer").append(i).append(" netns ").append(guest.name())
                        .append(" numtxqueues 1 numrxqueues 1\n");
                ups.append("link set fpeer").append(i).append(" up\n");
            }
            long start = System.nanoTime();
            IpBatch.run(host, plugs.toString());
            long plugged = System.nanoTime();
            IpBatch.run(guest, ups.toString());
            Floor floor = new Floor((plugged - start) / 1e6, (System.nanoTime() - plugged) / 1e6);
            System.out.println(String.format(Locale.ROOT, "bridge floor (ip -batch): %d pairs plugged: %.1f ms,"
                    + " their links up: %.1f ms", pairs, floor.plugMs(), floor.upMs()));
            return floor;
        } finally {
            try {
                guest.delete();
            } finally {
                host.delete();
            }
            lease.close();
        }
    }

    /** The bridge floor's two parts: the ports plugged, then their links brought up. */
    private record Floor(double plugMs, double upMs) {
        double totalMs() {
            return plugMs + upMs;
        }
    }

    /**
     * Frames the network's bridge has sent into the containers so far, over every host end
     * ({@code vnetN}) in the namespace: each guest's multicast that the bridge floods arrives at
     * every other port, so this grows with the square of the containers while it floods.
     */
    private static long framesToContainers(NetNamespace namespace) {
        HostProcess.Result links = HostProcess.run(List.of("ip", "-n", namespace.name(), "-s", "-j", "link", "show"), null);
        if (!links.ok()) {
            throw new IllegalStateException("ip link show failed: " + links.stderr().strip());
        }
        long frames = 0;
        for (String link : links.stdout().split("\\{\"ifindex\":")) {
            Matcher name = Pattern.compile("\"ifname\":\"vnet\\d+\"").matcher(link);
            Matcher sent = Pattern.compile("\"tx\":\\{\"bytes\":\\d+,\"packets\":(\\d+)").matcher(link);
            if (name.find() && sent.find()) {
                frames += Long.parseLong(sent.group(1));
            }
        }
        return frames;
    }

    private static UUID defineNetwork(Connection connection, boolean ipv6) {
        UUID network = connection.networks().define("<network" + (ipv6 ? " ipv6='yes'" : "")
                + "><name>bench</name><bridge name='" + BRIDGE + "'/></network>").uuid();
        connection.networks().start(network);
        return network;
    }

    private static List<UUID> defineContainers(Connection connection, int count) {
        List<UUID> domains = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            domains.add(connection.domains().define("<domain type='lxc'><name>bench" + i + "</name>"
                    + "<memory unit='MiB'>" + MEMORY_MIB + "</memory><os><type>exe</type><init>/bin/sleep</init>"
                    + "<initarg>infinity</initarg></os><devices><interface type='network'>"
                    + "<source network='bench'/></interface></devices></domain>").uuid());
        }
        return domains;
    }

    private static void destroyIfActive(Connection connection, UUID uuid) {
        if (connection.domains().byUuid(uuid).orElseThrow().isActive()) {
            connection.domains().destroy(uuid);
        }
    }

    /** Destroys every running container, each on its own: one that fails does not keep the rest. */
    private static void destroyAll(Connection connection) {
        for (DomainSummary domain : connection.domains().list()) {
            if (domain.isActive()) {
                try {
                    connection.domains().destroy(domain.uuid());
                } catch (RuntimeException e) {
                    System.err.println("cannot destroy " + domain.name() + ": " + e.getMessage());
                }
            }
        }
    }

    /** The cgroup parent {@code lxc:///embed} gives containers under {@code root} (its naming rule). */
    private static String embeddedCgroupParent(Path root) {
        return "virtfx-embed-" + Integer.toHexString(root.normalize().toString().hashCode());
    }

    /** The cgroup directories named {@code parent} in every mounted hierarchy (v1 and v2). */
    private static List<Path> cgroupDirectories(String parent) throws IOException {
        List<Path> found = new ArrayList<>();
        Path mount = Path.of("/sys/fs/cgroup");
        if (Files.isDirectory(mount.resolve(parent))) {
            found.add(mount.resolve(parent));
        }
        try (Stream<Path> hierarchies = Files.list(mount)) {
            for (Path hierarchy : hierarchies.filter(Files::isDirectory).toList()) {
                if (Files.isDirectory(hierarchy.resolve(parent))) {
                    found.add(hierarchy.resolve(parent));
                }
            }
        }
        return found;
    }

    /** What the containers' cgroups are charged, in KiB; -1 when no memory controller says. */
    private static long cgroupMemoryKib(String parent) throws IOException {
        for (Path group : cgroupDirectories(parent)) {
            for (String file : List.of("memory.current", "memory.usage_in_bytes")) {
                if (Files.exists(group.resolve(file))) {
                    return Long.parseLong(Files.readString(group.resolve(file)).strip()) / 1024;
                }
            }
        }
        return -1;
    }

    /**
     * Removes what the driver left of the cgroup parent after a failure: kills any process still
     * in it and removes the groups, deepest first. After a clean run there is nothing to do.
     */
    private static void sweepCgroups(String parent) throws IOException, InterruptedException {
        for (Path group : cgroupDirectories(parent)) {
            List<Path> groups;
            try (Stream<Path> tree = Files.walk(group)) {
                groups = tree.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList();
            }
            for (Path dir : groups) {
                Path procs = dir.resolve("cgroup.procs");
                if (Files.exists(procs)) {
                    for (String pid : Files.readAllLines(procs)) {
                        ProcessHandle.of(Long.parseLong(pid.strip())).ifPresent(ProcessHandle::destroyForcibly);
                    }
                }
            }
            for (Path dir : groups) {
                for (int attempt = 0; attempt < 50 && Files.exists(dir); attempt++) {
                    try {
                        Files.delete(dir);
                    } catch (IOException busy) {
                        // Killed processes leave the group a moment after the signal.
                        Thread.sleep(20);
                    }
                }
                if (Files.exists(dir)) {
                    System.err.println("bench: cannot remove cgroup " + dir);
                }
            }
            System.err.println("bench: removed the cgroups the driver left at " + group);
        }
    }

    private static long memAvailableKib() throws IOException {
        System.gc();
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemAvailable:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no MemAvailable in /proc/meminfo");
    }

    record Result(double seconds, int failures) {
    }

    /** Runs the action for every domain at once, one thread each, released together. */
    static Result parallel(List<UUID> domains, Consumer<UUID> action) throws Exception {
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
                f.get(600, TimeUnit.SECONDS);
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

    static byte[] randomBytes() {
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
