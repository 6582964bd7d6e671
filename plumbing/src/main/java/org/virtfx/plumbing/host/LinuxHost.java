package org.virtfx.plumbing.host;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.virtfx.core.domain.CpuSet;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.host.HostInterface;
import org.virtfx.core.host.HostUsage;
import org.virtfx.core.host.NodeInfo;
import org.virtfx.core.host.NumaCell;
import org.virtfx.core.host.VersionNumber;

/**
 * Facts about the Linux host the native drivers run on, read from {@code /proc} and
 * {@code /sys} as libvirt's nodeinfo and capabilities code reads them.
 */
public final class LinuxHost {
    /** The kernel counts CPU time in USER_HZ ticks, 100 a second on every Linux architecture. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private final Path proc;
    private final Path sys;

    public LinuxHost() {
        this(Path.of("/proc"), Path.of("/sys"));
    }

    LinuxHost(Path proc, Path sys) {
        this.proc = proc;
        this.sys = sys;
    }

    /** What {@code virsh nodeinfo} shows for this host. */
    public NodeInfo nodeInfo() {
        String model = "";
        int mhz = 0;
        Set<String> sockets = new HashSet<>();
        int coresPerSocket = 0;
        int siblings = 0;
        for (String line : lines(proc.resolve("cpuinfo"))) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            switch (key) {
                case "model name" -> model = model.isEmpty() ? value : model;
                case "cpu MHz" -> mhz = mhz == 0 ? (int) Math.round(Double.parseDouble(value)) : mhz;
                case "physical id" -> sockets.add(value);
                case "cpu cores" -> coresPerSocket = Integer.parseInt(value);
                case "siblings" -> siblings = Integer.parseInt(value);
                default -> { }
            }
        }
        int cpus = onlineCpus().size();
        int numaNodes = Math.max(1, numaCells().size());
        int socketCount = Math.max(1, sockets.size());
        int cores = coresPerSocket > 0 ? coresPerSocket : Math.max(1, cpus / socketCount);
        int threads = coresPerSocket > 0 && siblings >= coresPerSocket ? siblings / coresPerSocket : 1;
        return new NodeInfo(model.isEmpty() ? arch() : model, memoryTotalKiB(), cpus, mhz, numaNodes,
                Math.max(1, socketCount / numaNodes), cores, threads);
    }

    /** The NUMA cells from sysfs; one cell with every CPU and all memory where the kernel has none. */
    public List<NumaCell> numaCells() {
        Path nodes = sys.resolve("devices/system/node");
        List<NumaCell> cells = new ArrayList<>();
        if (Files.isDirectory(nodes)) {
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(nodes, "node[0-9]*")) {
                for (Path dir : dirs) {
                    int id = Integer.parseInt(dir.getFileName().toString().substring(4));
                    cells.add(new NumaCell(id, nodeMemoryKiB(dir), cpuList(dir.resolve("cpulist"))));
                }
            } catch (IOException e) {
                throw VirtException.system("cannot read " + nodes, e);
            }
        }
        if (cells.isEmpty()) {
            cells.add(new NumaCell(0, memoryTotalKiB(), onlineCpus()));
        }
        cells.sort((a, b) -> Integer.compare(a.id(), b.id()));
        return cells;
    }

    /** Busy CPU time of the whole host and its memory in use, for the connection's graphs. */
    public HostUsage usage() {
        long sampled = System.nanoTime();
        long busyTicks = 0;
        for (String line : lines(proc.resolve("stat"))) {
            if (line.startsWith("cpu ")) {
                String[] f = line.strip().split("\\s+");
                // user nice system idle iowait irq softirq steal: all but idle and iowait are busy.
                for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                    busyTicks += i < f.length ? Long.parseLong(f[i]) : 0;
                }
                break;
            }
        }
        long total = memoryTotalKiB();
        long available = meminfo("MemAvailable:").orElse(total);
        return new HostUsage(busyTicks * NANOS_PER_TICK, total - available, total, sampled);
    }

    /**
     * The host's network interfaces but loopback, as libvirt's udev interface backend lists
     * them from sysfs: name, MAC address, and whether the interface is up (IFF_UP).
     */
    public List<HostInterface> interfaces() {
        Path net = sys.resolve("class/net");
        List<HostInterface> found = new ArrayList<>();
        if (!Files.isDirectory(net)) {
            return found;
        }
        try (DirectoryStream<Path> links = Files.newDirectoryStream(net)) {
            for (Path link : links) {
                String name = link.getFileName().toString();
                String flags = read(link.resolve("flags")).strip();
                if (name.equals("lo") || flags.isEmpty()) {
                    continue;
                }
                boolean up = (Long.decode(flags) & 1) != 0;
                found.add(new HostInterface(name, read(link.resolve("address")).strip(), up));
            }
        } catch (IOException e) {
            throw VirtException.system("cannot read " + net, e);
        }
        found.sort((a, b) -> a.name().compareTo(b.name()));
        return found;
    }

    /** The running kernel's version, which libvirt's LXC driver reports as its hypervisor's. */
    public VersionNumber kernelVersion() {
        String release = read(proc.resolve("sys/kernel/osrelease")).strip();
        String[] parts = release.split("[^0-9]+", 4);
        return new VersionNumber(number(parts, 0), number(parts, 1), number(parts, 2));
    }

    public String hostname() {
        return read(proc.resolve("sys/kernel/hostname")).strip();
    }

    /** The host's UUID: SMBIOS's where the firmware has one, else the machine id. */
    public Optional<String> uuid() {
        for (Path file : List.of(sys.resolve("class/dmi/id/product_uuid"), Path.of("/etc/machine-id"))) {
            try {
                String text = Files.readString(file).strip().replace("-", "");
                if (text.matches("[0-9a-fA-F]{32}")) {
                    return Optional.of(new UUID(Long.parseUnsignedLong(text.substring(0, 16), 16),
                            Long.parseUnsignedLong(text.substring(16), 16)).toString());
                }
            } catch (IOException | SecurityException unreadable) {
                // Only root may read the SMBIOS UUID; the machine id is the fallback.
            }
        }
        return Optional.empty();
    }

    /** The CPU architecture in libvirt's words (x86_64, aarch64, i686, ...). */
    public String arch() {
        String arch = System.getProperty("os.arch");
        return switch (arch) {
            case "amd64" -> "x86_64";
            case "x86", "i386" -> "i686";
            default -> arch;
        };
    }

    private List<Integer> onlineCpus() {
        Path online = sys.resolve("devices/system/cpu/online");
        if (Files.isReadable(online)) {
            return cpuList(online);
        }
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
            all.add(i);
        }
        return all;
    }

    /** A node without CPUs has an empty list file. */
    private static List<Integer> cpuList(Path file) {
        String text = read(file).strip();
        return text.isEmpty() ? List.of() : CpuSet.parse(text, file.toString()).ids();
    }

    private long memoryTotalKiB() {
        return meminfo("MemTotal:").orElseThrow(() -> new IllegalStateException("no MemTotal in " + proc.resolve("meminfo")));
    }

    private Optional<Long> meminfo(String key) {
        return kib(lines(proc.resolve("meminfo")), key);
    }

    private long nodeMemoryKiB(Path node) {
        // Lines read "Node 0 MemTotal:       24632148 kB".
        return lines(node.resolve("meminfo")).stream().map(l -> l.replaceFirst("^Node \\d+ ", ""))
                .filter(l -> l.startsWith("MemTotal:")).findFirst().flatMap(l -> kib(List.of(l), "MemTotal:")).orElse(0L);
    }

    private static Optional<Long> kib(List<String> lines, String key) {
        return lines.stream().filter(l -> l.startsWith(key)).findFirst()
                .map(l -> Long.parseLong(l.substring(key.length()).strip().split("\\s+")[0]));
    }

    private static int number(String[] parts, int i) {
        return i < parts.length && !parts[i].isEmpty() ? Integer.parseInt(parts[i]) : 0;
    }

    private static List<String> lines(Path file) {
        return List.of(read(file).split("\n"));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw VirtException.system("cannot read " + file, e);
        }
    }
}
