package org.virtfx.bench.qemu;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
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
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.plumbing.netdev.NetNamespace;

/**
 * The QEMU driver's start benchmark (issue 12): one VM's start until QMP says running (median
 * of 20), ten VMs started at once and destroyed at once (medians of 20 repeats, failures
 * counted over all of them), and the floor: the same ten launched as plain
 * {@code qemu-system-x86_64} processes with the same devices (a tap on the bridge, VNC on a
 * UNIX socket, VGA, no disk), timed until each one's QMP says running, then killed and reaped.
 *
 * <p>Runs as root through {@code qemu:///embed} with the bridge and taps in a network namespace
 * of its own; all of it is removed at the end, also after a failure. Domains are of type kvm:
 * KVM when /dev/kvm opens, TCG otherwise (or type qemu, TCG, with the argument {@code tcg}),
 * named in the last line, which is
 * {@code start1_s=… start10_s=… destroy10_s=… failures=… floor_start10_s=… floor_destroy10_s=… accel=…}.
 */
public final class QemuStartBench {
    private static final String QEMU = "/usr/bin/qemu-system-x86_64";
    private static final int VMS = 10;
    private static final int REPEATS = 20;
    private static final Pattern ACCEL = Pattern.compile("accel=\"(\\w+)\"");

    /** @param args {@code tcg} to run every VM under TCG (domain type qemu), as machines without /dev/kvm do */
    public static void main(String[] args) throws Exception {
        String type = args.length > 0 && args[0].equals("tcg") ? "qemu" : "kvm";
        String tag = HexFormat.of().formatHex(randomBytes());
        NetNamespace namespace = NetNamespace.named("vfxqemubench-" + tag);
        Path root = Files.createTempDirectory("vfxqb-");
        namespace.create();
        try (Connection connection = DriverRegistry.discover().open("qemu:///embed?root=" + root + "&netns="
                + namespace.name())) {
            try {
                run(connection, namespace, root, type);
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

    private static void run(Connection connection, NetNamespace namespace, Path root, String type) throws Exception {
        UUID network = connection.networks().define("<network><name>bench</name><bridge name='vfxqbbr0'/></network>")
                .uuid();
        connection.networks().start(network);
        List<UUID> vms = new ArrayList<>();
        for (int i = 0; i < VMS; i++) {
            vms.add(connection.domains().define("<domain type='" + type + "'><name>b" + i + "</name><memory unit='MiB'>128</memory>"
                    + "<vcpu>1</vcpu><os><type arch='x86_64' machine='pc'>hvm</type></os><devices><emulator>" + QEMU
                    + "</emulator><interface type='network'><source network='bench'/><model type='virtio'/></interface>"
                    + "<graphics type='vnc'><listen type='socket'/></graphics><video><model type='vga'/></video>"
                    + "<memballoon model='none'/></devices></domain>").uuid());
        }
        connection.domains().start(vms.get(0));
        Matcher accel = ACCEL.matcher(connection.domains().xml(vms.get(0), false));
        String acceleration = accel.find() ? accel.group(1) : "unknown";
        connection.domains().destroy(vms.get(0));

        double[] single = new double[REPEATS];
        for (int r = 0; r < REPEATS; r++) {
            long t0 = System.nanoTime();
            connection.domains().start(vms.get(0));
            single[r] = (System.nanoTime() - t0) / 1e9;
            connection.domains().destroy(vms.get(0));
        }
        double[] start10 = new double[REPEATS];
        double[] destroy10 = new double[REPEATS];
        int failures = 0;
        for (int r = 0; r < REPEATS; r++) {
            Result started = parallel(vms, connection.domains()::start);
            Result destroyed = parallel(vms, uuid -> {
                if (connection.domains().byUuid(uuid).orElseThrow().isActive()) {
                    connection.domains().destroy(uuid);
                }
            });
            start10[r] = started.seconds();
            destroy10[r] = destroyed.seconds();
            failures += started.failures() + destroyed.failures();
        }
        double[] floorStart = new double[REPEATS];
        double[] floorDestroy = new double[REPEATS];
        for (int r = 0; r < REPEATS; r++) {
            double[] floor = floor(namespace, root.resolve("floor"), acceleration);
            floorStart[r] = floor[0];
            floorDestroy[r] = floor[1];
        }
        System.out.println(String.format(Locale.ROOT, "one start: median %.3f s; 10 at once: start median %.3f s,"
                + " destroy median %.3f s; plain QEMU: start %.3f s, destroy %.3f s (%d repeats, %s)", median(single),
                median(start10), median(destroy10), median(floorStart), median(floorDestroy), REPEATS, acceleration));
        System.out.println(String.format(Locale.ROOT, "start1_s=%.3f start10_s=%.3f destroy10_s=%.3f failures=%d"
                        + " floor_start10_s=%.3f floor_destroy10_s=%.3f accel=%s", median(single), median(start10),
                median(destroy10), failures, median(floorStart), median(floorDestroy), acceleration));
    }

    /**
     * Ten plain QEMUs with the same devices: taps made and plugged with one {@code ip -batch}
     * (the kernel's floor), QEMU started in the namespace without -S, timed until every QMP
     * answers {@code running}; then SIGKILL and reap, and the taps deleted (not timed).
     */
    private static double[] floor(NetNamespace namespace, Path dir, String acceleration) throws Exception {
        Files.createDirectories(dir);
        StringBuilder batch = new StringBuilder();
        for (int i = 0; i < VMS; i++) {
            batch.append("tuntap add mode tap name vfxfloor").append(i).append('\n')
                    .append("link set vfxfloor").append(i).append(" master vfxqbbr0 up\n");
        }
        long t0 = System.nanoTime();
        ip(namespace, batch.toString());
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < VMS; i++) {
            Path qmp = dir.resolve("qmp" + i + ".sock");
            Files.deleteIfExists(qmp);
            processes.add(new ProcessBuilder("/usr/bin/nsenter", "--net=" + namespace.path(), "--", QEMU,
                    "-machine", "pc", "-accel", acceleration, "-m", "128", "-nodefaults", "-no-user-config",
                    "-display", "none", "-vnc", "unix:" + dir.resolve("vnc" + i + ".sock"), "-vga", "std",
                    "-netdev", "tap,id=n0,ifname=vfxfloor" + i + ",script=no,downscript=no",
                    "-device", "virtio-net-pci,netdev=n0,mac=52:54:00:aa:00:0" + i,
                    "-qmp", "unix:" + qmp + ",server=on,wait=off")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
        }
        for (int i = 0; i < VMS; i++) {
            awaitRunning(dir.resolve("qmp" + i + ".sock"), processes.get(i));
        }
        double start = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        processes.forEach(Process::destroyForcibly);
        for (Process p : processes) {
            p.waitFor();
        }
        double destroy = (System.nanoTime() - t1) / 1e9;
        StringBuilder delete = new StringBuilder();
        for (int i = 0; i < VMS; i++) {
            delete.append("link del vfxfloor").append(i).append('\n');
        }
        ip(namespace, delete.toString());
        return new double[] {start, destroy};
    }

    private static void ip(NetNamespace namespace, String batch) throws IOException, InterruptedException {
        Process ip = new ProcessBuilder("ip", "-n", namespace.name(), "-batch", "-").redirectErrorStream(true).start();
        ip.getOutputStream().write(batch.getBytes(StandardCharsets.US_ASCII));
        ip.getOutputStream().close();
        String out = new String(ip.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (ip.waitFor() != 0) {
            throw new IOException("ip -batch failed: " + out);
        }
    }

    /** Connects to a plain QEMU's QMP as soon as it listens and asks until it says running. */
    private static void awaitRunning(Path socket, Process qemu) throws Exception {
        while (true) {
            if (!qemu.isAlive()) {
                throw new IOException("plain QEMU exited with " + qemu.exitValue());
            }
            if (Files.exists(socket)) {
                try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                    channel.connect(UnixDomainSocketAddress.of(socket));
                    readLine(channel);
                    send(channel, "{\"execute\":\"qmp_capabilities\"}");
                    readLine(channel);
                    send(channel, "{\"execute\":\"query-status\"}");
                    if (readLine(channel).contains("\"running\"")) {
                        return;
                    }
                } catch (IOException notYet) {
                    // Not listening yet.
                }
            }
            qemu.waitFor(2, TimeUnit.MILLISECONDS);
        }
    }

    private static void send(SocketChannel channel, String message) throws IOException {
        ByteBuffer data = ByteBuffer.wrap((message + "\n").getBytes(StandardCharsets.UTF_8));
        while (data.hasRemaining()) {
            channel.write(data);
        }
    }

    /** One QMP message (QEMU ends each with CRLF); events are skipped. */
    private static String readLine(SocketChannel channel) throws IOException {
        while (true) {
            StringBuilder line = new StringBuilder();
            ByteBuffer one = ByteBuffer.allocate(1);
            while (true) {
                one.clear();
                if (channel.read(one) < 0) {
                    throw new IOException("QMP closed");
                }
                char c = (char) one.get(0);
                if (c == '\n') {
                    break;
                }
                line.append(c);
            }
            if (!line.toString().contains("\"event\"")) {
                return line.toString();
            }
        }
    }

    private record Result(double seconds, int failures) {
    }

    private static Result parallel(List<UUID> domains, Consumer<UUID> action) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(domains.size());
        AtomicInteger failures = new AtomicInteger();
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> results = new ArrayList<>();
            for (UUID uuid : domains) {
                results.add(pool.submit(() -> {
                    try {
                        go.await();
                        action.accept(uuid);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (RuntimeException e) {
                        failures.incrementAndGet();
                        System.err.println("failed: " + e.getMessage());
                    }
                }));
            }
            long t0 = System.nanoTime();
            go.countDown();
            for (Future<?> result : results) {
                result.get(120, TimeUnit.SECONDS);
            }
            return new Result((System.nanoTime() - t0) / 1e9, failures.get());
        } finally {
            pool.shutdownNow();
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
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
