package org.virtfx.drivers.qemu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.virtfx.plumbing.netdev.LinkInfo;
import org.virtfx.plumbing.process.ProcessTable;

/**
 * What a test's QEMU host has made on the machine: network devices in its namespace, processes
 * naming its directory, and every file and socket under the directory (state records, pid
 * files, live XML, save images, temporary files) but its lock files and the domain-id counter.
 */
record QemuCensus(List<String> devices, List<String> processes, List<String> files) {

    static QemuCensus of(QemuTestHost host) throws IOException {
        return new QemuCensus(host.devices.list().stream().map(LinkInfo::name).sorted().toList(),
                ProcessTable.naming(host.directory + "/").stream().map(ProcessTable.Entry::toString).toList(),
                filesUnder(host.directory));
    }

    /** The census once it equals {@code expected}, or as it is after five seconds (the kernel lets go of a killed QEMU's devices a moment later). */
    static QemuCensus awaitEqual(QemuTestHost host, QemuCensus expected) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        QemuCensus census = of(host);
        while (!census.equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            census = of(host);
        }
        return census;
    }

    /** Fails, naming {@code why} and what differs, unless the host comes back to {@code before} ({@link #awaitEqual}). */
    static void assertUnchanged(QemuTestHost host, QemuCensus before, String why) throws IOException, InterruptedException {
        QemuCensus after = awaitEqual(host, before);
        if (!after.equals(before)) {
            throw new AssertionError("the host after " + why + ": " + after.differenceFrom(before));
        }
    }

    String differenceFrom(QemuCensus earlier) {
        List<String> now = all();
        List<String> then = earlier.all();
        return "new " + now.stream().filter(e -> !then.contains(e)).toList() + ", gone "
                + then.stream().filter(e -> !now.contains(e)).toList();
    }

    private List<String> all() {
        return Stream.of(devices, processes, files).flatMap(List::stream).toList();
    }

    String counts() {
        return devices.size() + " net devices, " + processes.size() + " processes, " + files.size()
                + " files and sockets";
    }

    /**
     * Every file and socket under the directory but the cross-process lock files: a lock file is
     * made on first use (a domain's job, a guest's QMP session) and stays by design, since
     * removing one that another process waits on would let two processes hold the lock. The
     * domain-id counter ({@code domain-ids}) is made by the first start and stays too, as the
     * next id must outlive every VM.
     */
    private static List<String> filesUnder(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(f -> !f.equals(directory))
                    .filter(f -> !(f.getParent().getFileName().toString().equals("locks")
                            && f.getFileName().toString().endsWith(".lock")))
                    .filter(f -> !f.getFileName().toString().equals("domain-ids"))
                    .map(f -> directory.relativize(f).toString()).sorted().toList();
        }
    }
}
