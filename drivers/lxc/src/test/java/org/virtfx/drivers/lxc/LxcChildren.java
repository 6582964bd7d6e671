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
        List<String> line = new ArrayList<>();
        line.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        line.add("-XX:TieredStopAtLevel=1");
        line.add("-cp");
        // Surefire runs tests from a manifest-only jar; the real class path is in this property.
        line.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        if (go != null) {
            line.add("-Dgo=" + go);
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
}
