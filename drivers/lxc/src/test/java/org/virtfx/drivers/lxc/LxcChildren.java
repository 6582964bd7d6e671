package org.virtfx.drivers.lxc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Runs {@link LxcChild} processes on a test's LXC host, with the tests' own class path. */
final class LxcChildren {
    private final LxcTestHost host;
    private final Map<Process, Path> outputs = new ConcurrentHashMap<>();

    LxcChildren(LxcTestHost host) {
        this.host = host;
    }

    /** Starts a child; {@code go} (may be null) is the file it waits for before acting. */
    Process spawn(Path go, String command, String... args) throws IOException {
        return spawn(go, null, command, args);
    }

    /**
     * Starts a child and returns once it has opened the host and waits for {@code go}, so that
     * a test can time a kill from the moment the command begins rather than from the JVM's start.
     */
    Process spawnReady(Path go, String command, String... args) throws IOException, InterruptedException {
        Path ready = Files.createTempFile("virtfx-ready-", "");
        Files.delete(ready);
        Process process = spawn(go, ready, command, args);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(ready)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new AssertionError("child did not get ready: " + output(process));
            }
            Thread.sleep(5);
        }
        Files.delete(ready);
        return process;
    }

    private Process spawn(Path go, Path ready, String command, String... args) throws IOException {
        List<String> line = new ArrayList<>();
        line.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // A child runs for a second or less: the quick compiler only, one GC thread, no perf file.
        line.add("-XX:TieredStopAtLevel=1");
        line.add("-XX:+UseSerialGC");
        line.add("-XX:-UsePerfData");
        line.add("-cp");
        // Surefire runs tests from a manifest-only jar; the real class path is in this property.
        line.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        if (go != null) {
            line.add("-Dgo=" + go);
        }
        if (ready != null) {
            line.add("-Dready=" + ready);
        }
        line.add(LxcChild.class.getName());
        line.add(host.directory.toString());
        line.add(host.namespace.name());
        line.add(host.cgroupParent);
        line.add(command);
        line.addAll(List.of(args));
        // Output to a file of its own, outside the host's directory: a pipe nobody reads could
        // block a talkative child, and the directory's files are counted by the census.
        Path output = Files.createTempFile("virtfx-lxc-child-", ".out");
        output.toFile().deleteOnExit();
        Process process = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        outputs.put(process, output);
        return process;
    }

    /** A child's output and how long its command ran, from go to its end. */
    record Timed(String output, long millis) {
    }

    /**
     * Runs a command in a child that has opened the host first, and sends it SIGKILL
     * {@code killAfterMillis} after it is told to go unless it has ended by then (never, when
     * negative). Returns its output and how long it ran from go to its end.
     */
    Timed runFromGo(long killAfterMillis, String command, String... args) throws IOException, InterruptedException {
        Path go = Files.createTempFile("virtfx-go-", "");
        Files.delete(go);
        try {
            Process process = spawnReady(go, command, args);
            long began = System.nanoTime();
            Files.createFile(go);
            if (killAfterMillis >= 0 && !process.waitFor(killAfterMillis, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
            String output = output(process);
            return new Timed(output, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
        } finally {
            Files.deleteIfExists(go);
        }
    }

    /** Runs a child to its end and returns its output; fails when it does not end in a minute. */
    String run(String command, String... args) throws IOException, InterruptedException {
        return output(spawn(null, command, args));
    }

    /** Waits for the child's end (a minute at most) and returns its output. */
    String output(Process process) throws IOException, InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("child did not end within a minute");
        }
        Path output = outputs.remove(process);
        String text = Files.readString(output, StandardCharsets.UTF_8);
        Files.delete(output);
        return text;
    }

    /** Runs one child per argument, released at the same moment, and returns their outputs. */
    List<String> race(String command, String... arguments) throws IOException, InterruptedException {
        return race(command, List.of(arguments).stream().map(a -> new String[] {a}).toList());
    }

    /** Runs one child per list of arguments, released at the same moment, and returns their outputs. */
    List<String> race(String command, List<String[]> argumentsPerChild) throws IOException, InterruptedException {
        Path go = Files.createTempFile("virtfx-go-", "");
        Files.delete(go);
        try {
            List<Process> processes = new ArrayList<>();
            for (String[] arguments : argumentsPerChild) {
                processes.add(spawn(go, command, arguments));
            }
            // Long enough for every child to open the host and wait at the line.
            Thread.sleep(3000);
            Files.createFile(go);
            List<String> outputs = new ArrayList<>();
            for (Process process : processes) {
                outputs.add(output(process).strip());
            }
            return outputs;
        } finally {
            Files.deleteIfExists(go);
        }
    }
}
