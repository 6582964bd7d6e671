package org.virtfx.bench.lxc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.virtfx.bench.netdev.IpBatch;
import org.virtfx.plumbing.netdev.NetNamespace;
import org.virtfx.plumbing.process.HostProcess;
import org.virtfx.plumbing.testhost.HostLease;
import org.virtfx.plumbing.testhost.HostResources;

/**
 * The scale run's whole-container floor: the bench's containers made with no VirtFX at all, to
 * say how far the driver's start time, and its 1,000-to-100 ratio, are from the kernel's own.
 *
 * <p>One small C program ({@code bench/src/main/c/container-floor.c}, compiled with the module)
 * makes all of them at once. It includes what the driver's containers get: new pid, mount, uts,
 * ipc and network namespaces; a group per container in every cgroup hierarchy the driver uses
 * (beside the driver's own, under its parent), with the same memory and task limits; the
 * supervisor's mounts ({@code /dev} with the host's harmless nodes, devpts and shm, then
 * {@code /proc} and {@code /sys}); one veth pair per container, its host end plugged into a
 * bridge and up, both ends without IPv6 and {@code lo} and {@code eth0} up inside; and
 * {@code /bin/sleep infinity} executed as init. The time runs until every init has executed.
 *
 * <p>It is a floor because it skips everything that is the driver's: no JVM and no thread per
 * start, no domain lock or job, no state files, no supervisor process per container and no
 * protocol with it, no console (pty and socket), no log file, no per-port {@code disable_ipv6}
 * write (the bridge's namespace has IPv6 off by default), no live XML; one process clones every
 * init, and one {@code ip -batch} makes every pair, as {@link ParallelStartBench}'s bridge floor
 * does. Each init mounts while the next ones are cloned and the pairs made, and only waits to
 * bring its links up, the cheapest order for the same end state. The bridge is in a network
 * namespace of its own, made and deleted around each run; the program removes its containers,
 * waits for their ports to go and removes their groups, also when a step fails.
 */
final class ContainerFloor {
    private static final String BRIDGE = "vfxfloor0";
    private static final Pattern FIGURES = Pattern.compile(
            "start_s=([0-9.]+) clone_s=([0-9.]+) plug_s=([0-9.]+) destroy_s=([0-9.]+)");

    private final Path program;
    private final List<String> groupArguments;

    private ContainerFloor(Path program, List<String> groupArguments) {
        this.program = program;
        this.groupArguments = groupArguments;
    }

    /**
     * The floor for containers with {@code memoryBytes} of memory and at most {@code pidsMax}
     * tasks, their groups under each of {@code groupParents} (the driver's parent in every
     * hierarchy it uses). The program is copied out of the class path into {@code directory}.
     */
    static ContainerFloor install(Path directory, List<Path> groupParents, long memoryBytes, long pidsMax)
            throws IOException {
        if (groupParents.isEmpty()) {
            throw new IllegalStateException("the driver made no cgroup parent: nowhere to put the floor's groups");
        }
        Path program = directory.resolve("container-floor");
        try (InputStream in = ContainerFloor.class.getResourceAsStream("container-floor")) {
            if (in == null) {
                throw new IllegalStateException("container-floor is not on the class path: build the bench module");
            }
            Files.copy(in, program, StandardCopyOption.REPLACE_EXISTING);
        }
        if (!program.toFile().setExecutable(true, true)) {
            throw new IOException("cannot make " + program + " executable");
        }
        List<String> arguments = new ArrayList<>();
        for (Path parent : groupParents) {
            arguments.addAll(List.of("--cgroup", parent.toString()));
            // The limits the driver writes, in whichever hierarchy has them (v1 or v2 names).
            for (String memory : List.of("memory.limit_in_bytes", "memory.max")) {
                if (Files.exists(parent.resolve(memory))) {
                    arguments.addAll(List.of("--set", memory + "=" + memoryBytes));
                }
            }
            if (pidsMax > 0 && Files.exists(parent.resolve("pids.max"))) {
                arguments.addAll(List.of("--set", "pids.max=" + pidsMax));
            }
        }
        return new ContainerFloor(program, List.copyOf(arguments));
    }

    /** Starts {@code count} containers at once, then removes them. */
    Run start(int count) {
        String tag = HexFormat.of().formatHex(ParallelStartBench.randomBytes());
        NetNamespace namespace = NetNamespace.named("vfxlxccfloor-" + tag);
        HostLease lease = HostLease.take("bench/run lxc container floor", HostResources.namespace(namespace.name()));
        namespace.create();
        try {
            // Before the bridge exists, so that neither it nor any port gets IPv6, as the
            // driver's bridge and host ends on a network without IPv6 have none.
            namespace.call(() -> Files.writeString(Path.of("/proc/sys/net/ipv6/conf/default/disable_ipv6"), "1\n"));
            // Without snooping, as the driver makes the bridge of a network without IPv6.
            IpBatch.run(namespace, "link add " + BRIDGE + " up type bridge mcast_snooping 0\n");
            List<String> command = new ArrayList<>(List.of(program.toString(), Integer.toString(count),
                    namespace.path().toString(), BRIDGE, "floor-" + tag + "-"));
            command.addAll(groupArguments);
            command.addAll(List.of("--", "/bin/sleep", "infinity"));
            HostProcess.Result result = HostProcess.run(command, null);
            Matcher figures = FIGURES.matcher(result.stdout());
            if (!result.ok() || !figures.find()) {
                throw new IllegalStateException("the container floor failed: " + result.stderr().strip());
            }
            Run run = new Run(Double.parseDouble(figures.group(1)), Double.parseDouble(figures.group(2)),
                    Double.parseDouble(figures.group(3)), Double.parseDouble(figures.group(4)));
            System.out.println(String.format(Locale.ROOT, "container floor: N=%d start_s=%.3f (cloned %.3f,"
                    + " pairs %.3f) destroy_s=%.3f", count, run.startSeconds(), run.cloneSeconds(), run.plugSeconds(),
                    run.destroySeconds()));
            return run;
        } finally {
            // The bridge goes with it.
            namespace.delete();
            lease.close();
        }
    }

    /** One floor run: the start, its clone and pair parts, and the removal, in seconds. */
    record Run(double startSeconds, double cloneSeconds, double plugSeconds, double destroySeconds) {
    }
}
