package org.virtfx.drivers.lxc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.virtfx.plumbing.process.ChildJvms;

/** Runs {@link LxcChild} processes on a test's LXC host, with the tests' own class path. */
final class LxcChildren {
    private final ChildJvms children;

    LxcChildren(LxcTestHost host) {
        this.children = new ChildJvms(LxcChild.class,
                List.of(host.directory.toString(), host.namespace.name(), host.cgroupParent));
    }

    /** Starts a child; {@code go} (may be null) is the file it waits for before acting. */
    Process spawn(Path go, String command, String... args) throws IOException {
        return children.spawn(go, null, arguments(command, args));
    }

    /**
     * Starts a child and returns once it has opened the host and waits for {@code go}, so that
     * a test can time a kill from the moment the command begins rather than from the JVM's start.
     */
    Process spawnReady(Path go, String command, String... args) throws IOException, InterruptedException {
        return children.spawnReady(go, arguments(command, args));
    }

    /**
     * Runs a command in a child that has opened the host first, and sends it SIGKILL
     * {@code killAfterMillis} after it is told to go unless it has ended by then (never, when
     * negative). Returns its output and how long it ran from go to its end.
     */
    ChildJvms.Timed runFromGo(long killAfterMillis, String command, String... args)
            throws IOException, InterruptedException {
        return children.runFromGo(killAfterMillis, arguments(command, args));
    }

    /** Runs a child to its end and returns its output. */
    String run(String command, String... args) throws IOException, InterruptedException {
        return children.run(arguments(command, args));
    }

    /** Waits for the child's end and returns its output. */
    String output(Process process) throws IOException, InterruptedException {
        return children.output(process);
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

    private static List<String> arguments(String command, String... args) {
        List<String> all = new ArrayList<>();
        all.add(command);
        all.addAll(List.of(args));
        return all;
    }
}
