package org.virtfx.plumbing.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Other VirtFX processes in a test (the drivers' kill and cross-process tests): JVMs on the
 * tests' own class path running {@code main} with the same leading arguments (the test host's
 * directories). Each writes its output to a file of its own outside the test host's directory:
 * a pipe nobody reads could block a talkative child, and the host's files are counted by the
 * kill tests' census. A child that should act at a known moment opens the host, creates the
 * file named by {@code -Dready} and waits for the one named by {@code -Dgo}.
 */
public final class ChildJvms {
    private static final long END_WAIT_SECONDS = 120;

    private final Class<?> main;
    private final List<String> leadingArguments;
    private final Map<Process, Path> outputs = new ConcurrentHashMap<>();

    public ChildJvms(Class<?> main, List<String> leadingArguments) {
        this.main = main;
        this.leadingArguments = List.copyOf(leadingArguments);
    }

    /** A child's output and how long its command ran, from go to its end. */
    public record Timed(String output, long millis) {
    }

    /**
     * {@code java FLAGS -cp CLASSPATH PROPERTIES MAIN}; the caller appends the arguments. A child
     * lives a second or two, so it gets the quick compiler only, one GC thread and no perf file.
     */
    public static List<String> commandLine(Class<?> main, List<String> properties) {
        List<String> line = new ArrayList<>();
        line.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        line.add("-XX:TieredStopAtLevel=1");
        line.add("-XX:+UseSerialGC");
        line.add("-XX:-UsePerfData");
        line.add("-cp");
        // Surefire runs tests from a manifest-only jar; the real class path is in this property.
        line.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        line.addAll(properties);
        line.add(main.getName());
        return line;
    }

    /** Starts a child; {@code go} and {@code ready} (either may be null) are its files to wait for and to create. */
    public Process spawn(Path go, Path ready, List<String> args) throws IOException {
        List<String> properties = new ArrayList<>();
        if (go != null) {
            properties.add("-Dgo=" + go);
        }
        if (ready != null) {
            properties.add("-Dready=" + ready);
        }
        List<String> line = new ArrayList<>(commandLine(main, properties));
        line.addAll(leadingArguments);
        line.addAll(args);
        Path output = Files.createTempFile("virtfx-child-", ".out");
        output.toFile().deleteOnExit();
        Process process = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        outputs.put(process, output);
        return process;
    }

    /**
     * Starts a child and returns once it has opened the host and waits for {@code go}, so that
     * a test can time a kill from the moment the command begins rather than from the JVM's start.
     */
    public Process spawnReady(Path go, List<String> args) throws IOException, InterruptedException {
        Path ready = Files.createTempFile("virtfx-ready-", "");
        Files.delete(ready);
        try {
            Process process = spawn(go, ready, args);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(ready)) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new AssertionError("child did not get ready: " + output(process));
                }
                Thread.sleep(5);
            }
            return process;
        } finally {
            Files.deleteIfExists(ready);
        }
    }

    /**
     * Runs a command in a child that has opened the host first, and sends it SIGKILL
     * {@code killAfterMillis} after it is told to go unless it has ended by then (never, when
     * negative). Returns its output and how long it ran from go to its end.
     */
    public Timed runFromGo(long killAfterMillis, List<String> args) throws IOException, InterruptedException {
        Path go = Files.createTempFile("virtfx-go-", "");
        Files.delete(go);
        try {
            Process process = spawnReady(go, args);
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

    /** Runs a child to its end and returns its output. */
    public String run(List<String> args) throws IOException, InterruptedException {
        return output(spawn(null, null, args));
    }

    /** Waits for the child's end (two minutes at most) and returns its output. */
    public String output(Process process) throws IOException, InterruptedException {
        if (!process.waitFor(END_WAIT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("child did not end within " + END_WAIT_SECONDS + " s");
        }
        Path output = outputs.remove(process);
        String text = Files.readString(output, StandardCharsets.UTF_8);
        Files.delete(output);
        return text;
    }
}
