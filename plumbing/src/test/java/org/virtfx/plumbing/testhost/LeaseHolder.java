package org.virtfx.plumbing.testhost;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.virtfx.plumbing.netdev.NetNamespace;

/**
 * A test JVM's fixture in miniature, run as a child by {@link LeftoverSweepTest}: takes a lease
 * on namespace {@code vfxsweep-TAG}, folder {@code /tmp/virtfx-sweep-test-TAG} and cgroup
 * {@code virtfx-test-sweep-TAG} (with a group {@code inner} below it, in every hierarchy), makes
 * them, and starts three long-lived processes: one in the namespace, one whose command line
 * names a file in the folder (as dnsmasq's {@code --conf-file}), one in the inner cgroup. Writes
 * their pids and the lease file to {@code INFO-FILE}, says it is ready, and waits for the go
 * file: then it removes everything and gives the lease up, as a fixture's close does.
 *
 * <p>Arguments: tag, info file.
 */
public final class LeaseHolder {
    private LeaseHolder() {
    }

    static HostResources resources(String tag) {
        return new HostResources(List.of("vfxsweep-" + tag), List.of(folder(tag)), List.of(cgroup(tag)));
    }

    static Path folder(String tag) {
        return Path.of("/tmp/virtfx-sweep-test-" + tag);
    }

    static String cgroup(String tag) {
        return "virtfx-test-sweep-" + tag;
    }

    public static void main(String[] args) throws Exception {
        String tag = args[0];
        Path info = Path.of(args[1]);
        HostResources resources = resources(tag);
        HostLease lease = HostLease.take("LeaseHolder", resources);
        NetNamespace namespace = NetNamespace.named(resources.namespaces().get(0));
        namespace.create();
        Path folder = Files.createDirectory(folder(tag));
        Path conf = Files.writeString(folder.resolve("leftover.conf"), "made by LeaseHolder\n");
        List<Path> inners = new ArrayList<>();
        for (Path hierarchy : LeftoverSweep.cgroupHierarchies()) {
            inners.add(Files.createDirectories(hierarchy.resolve(cgroup(tag)).resolve("inner")));
        }
        List<Process> processes = List.of(
                start("ip", "netns", "exec", namespace.name(), "sleep", "1000"),
                start("tail", "-f", conf.toString()),
                start("sleep", "1002"));
        Process grouped = processes.get(2);
        for (Path inner : inners) {
            // A v1 cpuset group takes no task before its cpus and mems are set; every other hierarchy takes it as it is.
            if (!Files.exists(inner.getParent().getParent().resolve("cpuset.cpus"))) {
                Files.writeString(inner.resolve("cgroup.procs"), Long.toString(grouped.pid()));
            }
        }
        Path written = Files.createTempFile(info.getParent(), "info", ".tmp");
        Files.writeString(written, processes.stream().map(p -> Long.toString(p.pid())).reduce((a, b) -> a + " " + b)
                .orElseThrow() + "\n" + lease.file() + "\n");
        Files.move(written, info, StandardCopyOption.ATOMIC_MOVE);
        Files.createFile(Path.of(System.getProperty("ready")));
        Path go = Path.of(System.getProperty("go"));
        while (!Files.exists(go)) {
            Thread.sleep(10);
        }
        for (Process process : processes) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        namespace.delete();
        for (Path inner : inners) {
            Files.delete(inner);
            Files.delete(inner.getParent());
        }
        Files.delete(conf);
        Files.delete(folder);
        lease.close();
    }

    private static Process start(String... command) throws IOException {
        return new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }
}
