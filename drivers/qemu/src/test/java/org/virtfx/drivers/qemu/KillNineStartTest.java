package org.virtfx.drivers.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.virtfx.plumbing.netdev.LinkInfo;
import org.virtfx.plumbing.netdev.RootTests;
import org.virtfx.plumbing.process.ProcessTable;

/**
 * No daemon, so any process may die at any moment: a process starting several VMs at once (test
 * kernel, a tap on the test network, VNC on a UNIX socket, no disk) is killed with SIGKILL at a
 * random moment, and a fresh process then finds every VM either running, adopted with its
 * monitor, console and graphics reachable and its destroy removing its tap, or shut off with
 * nothing of it left; every VM whose start the killed process finished is among the running.
 * Afterwards the host holds exactly what it held before: network devices, processes naming
 * the host's directory, and every file and socket under it (state records, pid files, live
 * XML, temporary files).
 */
class KillNineStartTest {
    private static final int VMS = 4;
    /**
     * Bounded for CI: about 6 s a try here (three JVMs, up to four QEMUs), 12 tries in 75-90 s; raise with
     * -Dvirtfx.killTries=100 for the full run.
     */
    private static final int TRIES = Integer.getInteger("virtfx.killTries", 12);

    @BeforeEach
    void root() {
        RootTests.requireRoot();
    }

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void aStartKilledAtAnyPointLeavesEachVmAdoptedOrGone() throws Exception {
        long seed = Long.getLong("virtfx.killSeed", System.nanoTime());
        System.out.println("qemu start: kill seed " + seed + " (repeat with -Dvirtfx.killSeed=" + seed + ")");
        Random random = new Random(seed);
        try (QemuTestHost host = QemuTestHost.open()) {
            Children children = new Children(host);
            List<String> names = new ArrayList<>();
            for (int i = 0; i < VMS; i++) {
                names.add("k" + i);
                host.define("k" + i, QemuTestHost.nic() + "<graphics type='vnc'><listen type='socket'/></graphics>");
            }
            try {
                // A full round first: it times a whole start and makes what stays for good (lock files).
                Timed full = children.runFromGo(-1, "start", names);
                assertEquals(VMS, full.output().lines().filter(l -> l.startsWith("started ")).count(), full.output());
                assertEquals(Set.copyOf(names), Set.copyOf(adoptedAndChecked(children.run("adopt"), names, Set.copyOf(names),
                        "the full round")));
                Census before = Census.of(host);

                int adopted = 0;
                for (int attempt = 0; attempt < TRIES; attempt++) {
                    long killAt = (long) (random.nextDouble() * (full.millis() + 1));
                    String why = "try " + attempt + ", killed " + killAt + " ms after go, seed " + seed;
                    Timed killed = children.runFromGo(killAt, "start", names);
                    Set<String> started = killed.output().lines().filter(l -> l.startsWith("started "))
                            .map(l -> l.substring("started ".length())).collect(Collectors.toSet());
                    adopted += adoptedAndChecked(children.run("adopt"), names, started, why).size();
                    Census after = Census.awaitEqual(host, before);
                    assertEquals(before, after, "the host after " + why + ": " + after.differenceFrom(before));
                }
                System.out.println("kill -9 of QEMU starts: " + TRIES + " tries of " + VMS + " VMs (full start "
                        + full.millis() + " ms), " + adopted + " VMs adopted, " + (TRIES * VMS - adopted)
                        + " gone; census before and after each: " + before.counts());
            } finally {
                // Whatever a failure left: the VMs a fresh process finds, then any process still naming the host.
                children.run("adopt");
                ProcessTable.naming(host.directory.toString()).forEach(p ->
                        ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroyForcibly));
            }
        }
    }

    /**
     * Checks a fresh process's listing: every VM listed, running or shut off, each running one
     * adopted whole and destroyed without leaving its tap, every started one among them.
     * Returns the adopted VMs.
     */
    private static List<String> adoptedAndChecked(String output, List<String> names, Set<String> started, String why) {
        assertTrue(output.lines().noneMatch(l -> l.startsWith("warning ") || l.startsWith("error ")),
                why + ": " + output);
        Map<String, String> states = new LinkedHashMap<>();
        output.lines().filter(l -> l.startsWith("domain ")).map(l -> l.split(" ")).forEach(f -> states.put(f[1], f[2]));
        assertEquals(Set.copyOf(names), states.keySet(), why + ": every VM is listed: " + output);
        List<String> running = new ArrayList<>();
        for (String name : names) {
            String state = states.get(name);
            assertTrue(state.equals("running") || state.equals("shutoff"), why + ": " + name + " is " + state);
            if (started.contains(name)) {
                assertEquals("running", state, why + ": " + name + " was started before the kill: " + output);
            }
            if (state.equals("running")) {
                String line = output.lines().filter(l -> l.startsWith("adopted " + name + " ")).findFirst()
                        .orElseThrow(() -> new AssertionError(why + ": " + name + " not checked: " + output));
                assertTrue(line.matches("adopted " + name + " qmp=running console=open graphics=RFB_003\\.008"
                        + " tap=vnet\\d+ tapLeft=false"), why + ": " + line);
                running.add(name);
            }
        }
        return running;
    }

    /** A child's output and how long its command ran, from go to its end. */
    private record Timed(String output, long millis) {
    }

    /** Runs {@link QemuChild} processes on the test's host, with the tests' class path. */
    private static final class Children {
        private final QemuTestHost host;
        private final Map<Process, Path> outputs = new ConcurrentHashMap<>();

        Children(QemuTestHost host) {
            this.host = host;
        }

        /**
         * Runs a command in a child that has opened the host first, and sends it SIGKILL
         * {@code killAfterMillis} after go unless it has ended by then (never, when negative).
         */
        Timed runFromGo(long killAfterMillis, String command, List<String> args) throws Exception {
            Path ready = Files.createTempFile("virtfx-ready-", "");
            Path go = Files.createTempFile("virtfx-go-", "");
            Files.delete(ready);
            Files.delete(go);
            try {
                Process process = spawn(List.of("-Dready=" + ready, "-Dgo=" + go), command, args);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!Files.exists(ready)) {
                    if (!process.isAlive() || System.nanoTime() > deadline) {
                        process.destroyForcibly();
                        throw new AssertionError("child did not get ready: " + output(process));
                    }
                    Thread.sleep(5);
                }
                long began = System.nanoTime();
                Files.createFile(go);
                if (killAfterMillis >= 0 && !process.waitFor(killAfterMillis, TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                }
                String output = output(process);
                return new Timed(output, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
            } finally {
                Files.deleteIfExists(ready);
                Files.deleteIfExists(go);
            }
        }

        /** Runs a child to its end and returns its output. */
        String run(String command) throws Exception {
            return output(spawn(List.of(), command, List.of()));
        }

        private Process spawn(List<String> properties, String command, List<String> args) throws IOException {
            List<String> line = QemuChild.commandLine(host, properties, command, args);
            // Output to a file outside the host's directory, whose files the census counts.
            Path output = Files.createTempFile("virtfx-qemu-child-", ".out");
            Process process = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            outputs.put(process, output);
            return process;
        }

        /** Waits for the child's end (two minutes at most) and returns its output. */
        private String output(Process process) throws Exception {
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("child did not end within two minutes");
            }
            Path output = outputs.remove(process);
            String text = Files.readString(output, StandardCharsets.UTF_8);
            Files.delete(output);
            return text;
        }
    }

    /**
     * What the test's host has made on the machine: network devices in its namespace, processes
     * naming its directory, and every file and socket under the directory.
     */
    private record Census(List<String> devices, List<String> processes, List<String> files) {

        static Census of(QemuTestHost host) throws IOException {
            return new Census(host.devices.list().stream().map(LinkInfo::name).sorted().toList(),
                    ProcessTable.naming(host.directory.toString()).stream().map(ProcessTable.Entry::toString).toList(),
                    filesUnder(host.directory));
        }

        /** The census once it equals {@code expected}, or as it is after five seconds (the kernel lets go of a killed QEMU's devices a moment later). */
        static Census awaitEqual(QemuTestHost host, Census expected) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            Census census = of(host);
            while (!census.equals(expected) && System.nanoTime() < deadline) {
                Thread.sleep(20);
                census = of(host);
            }
            return census;
        }

        String differenceFrom(Census earlier) {
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

        private static List<String> filesUnder(Path directory) throws IOException {
            try (Stream<Path> files = Files.walk(directory)) {
                return files.filter(f -> !f.equals(directory)).map(f -> directory.relativize(f).toString()).sorted()
                        .toList();
            }
        }
    }
}
