package org.virtfx.drivers.lxc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.virtfx.plumbing.netdev.LinkInfo;

/**
 * What a test's LXC host has made on the machine, to compare before and after: network devices
 * in its namespace, cgroups under its parent (every hierarchy), the host's mount points,
 * processes naming a path in its directory (supervisors name their log there, dnsmasq its
 * configuration; with the separator, so that another host's directory whose name begins alike
 * never counts),
 * nftables tables in its namespace (virtual networks' firewalls) and its files.
 */
record HostCensus(List<String> devices, List<String> cgroups, List<String> mounts, List<String> processes,
                  List<String> tables, List<String> files) {

    static HostCensus of(LxcTestHost host) throws IOException {
        return new HostCensus(host.devices.list().stream().map(LinkInfo::name).sorted().toList(), groupsOf(host),
                mountPoints(host.namespace.name()), processesNaming(host.directory + "/"),
                tablesIn(host.namespace.name()), filesUnder(host.directory));
    }

    /**
     * The census once it equals {@code expected}, or as it is after {@code seconds}: the kernel
     * lets go of what a destroy ended (exiting tasks, veth pairs, dnsmasq) a moment later.
     */
    static HostCensus awaitEqual(LxcTestHost host, HostCensus expected, int seconds)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        HostCensus census = of(host);
        while (!census.equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            census = of(host);
        }
        return census;
    }

    /** What this census has that {@code earlier} had not, and the reverse, for a failure's message. */
    String differenceFrom(HostCensus earlier) {
        List<String> now = all();
        List<String> then = earlier.all();
        return "new " + now.stream().filter(e -> !then.contains(e)).toList() + ", gone "
                + then.stream().filter(e -> !now.contains(e)).toList();
    }

    private List<String> all() {
        return Stream.of(devices, cgroups, mounts, processes, tables, files).flatMap(List::stream).toList();
    }

    /** One line: how many of each, for a report. */
    String counts() {
        return devices.size() + " net devices, " + cgroups.size() + " cgroups, " + mounts.size() + " mounts, "
                + processes.size() + " processes, " + tables.size() + " nft tables, " + files.size() + " files";
    }

    private static List<String> groupsOf(LxcTestHost host) throws IOException {
        List<String> groups = new ArrayList<>();
        try (DirectoryStream<Path> hierarchies = Files.newDirectoryStream(Path.of("/sys/fs/cgroup"))) {
            for (Path hierarchy : hierarchies) {
                Path parent = hierarchy.resolve(host.cgroupParent);
                if (Files.isDirectory(parent)) {
                    try (Stream<Path> dirs = Files.list(parent)) {
                        dirs.filter(Files::isDirectory).map(Path::toString).forEach(groups::add);
                    }
                }
            }
        }
        return groups.stream().sorted().toList();
    }

    /** The host's mount points, less other tests' network namespaces (which come and go meanwhile). */
    private static List<String> mountPoints(String ownNamespace) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().map(l -> l.split(" ")[4])
                .filter(m -> !m.startsWith("/run/netns/") || m.equals("/run/netns/" + ownNamespace)).sorted().toList();
    }

    private static List<String> processesNaming(String mark) throws IOException {
        List<String> found = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                try {
                    String command = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8)
                            .replace('\0', ' ');
                    if (command.contains(mark)) {
                        found.add(proc.getFileName() + " " + command.strip());
                    }
                } catch (IOException exited) {
                    // Gone between the listing and the read.
                }
            }
        }
        return found.stream().sorted().toList();
    }

    private static List<String> tablesIn(String namespace) throws IOException {
        Process nft = new ProcessBuilder("ip", "netns", "exec", namespace, "nft", "list", "tables")
                .redirectErrorStream(true).start();
        String out = new String(nft.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (nft.waitFor() != 0) {
                throw new IOException("cannot list the nftables tables of " + namespace + ": " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while listing nftables tables", e);
        }
        return out.lines().filter(l -> l.startsWith("table ")).sorted().toList();
    }

    private static List<String> filesUnder(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).map(f -> directory.relativize(f).toString()).sorted().toList();
        }
    }
}
