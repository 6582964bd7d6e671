package org.virtfx.drivers.libvirt.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link ControllingTerminal} in a JVM of its own, started on a pseudo-terminal by util-linux's
 * {@code script}: afterwards neither it nor a program it starts (as libvirt starts ssh) can open
 * {@code /dev/tty}.
 */
class ControllingTerminalTest {

    /** The child: reports whether the terminal opens, releases it, and asks a shell the same. */
    public static void main(String[] args) throws Exception {
        System.out.println("before=" + opens());
        System.out.println("outcome=" + ControllingTerminal.release());
        System.out.println("after=" + opens());
        Process shell = new ProcessBuilder("sh", "-c", "exec 3</dev/tty")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        System.out.println("child=" + (shell.waitFor() == 0 ? "opens" : "refused"));
        System.out.println("again=" + ControllingTerminal.release());
    }

    private static String opens() {
        try (var tty = new java.io.FileInputStream("/dev/tty")) {
            return "opens";
        } catch (IOException e) {
            return "refused";
        }
    }

    @Test
    void aProcessStartedOnATerminalLetsGoOfItAndItsChildrenCannotReachIt() throws Exception {
        // "; true" keeps script's shell as the session leader: the JVM is an ordinary member, as
        // a GUI started from a terminal is.
        List<String> lines = run(List.of("script", "-qec", javaCommand() + "; true", "/dev/null"));
        assertEquals(List.of("before=opens", "outcome=RELEASED", "after=refused", "child=refused", "again=NONE"),
                lines);
    }

    @Test
    void aSessionLeaderKeepsItsTerminal() throws Exception {
        // With nothing after it, script's shell runs the JVM in its own place, as session leader.
        List<String> lines = run(List.of("script", "-qec", "exec " + javaCommand(), "/dev/null"));
        assertEquals(List.of("before=opens", "outcome=SESSION_LEADER", "after=opens", "child=opens",
                "again=SESSION_LEADER"), lines);
    }

    @Test
    void aProcessWithoutATerminalHasNothingToRelease() throws Exception {
        List<String> lines = run(List.of("setsid", "-w", "sh", "-c", javaCommand() + "; true"));
        assertEquals(List.of("before=refused", "outcome=NONE", "after=refused", "child=refused", "again=NONE"),
                lines);
    }

    private static String javaCommand() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return "'" + java + "' -cp '" + System.getProperty("java.class.path") + "' "
                + ControllingTerminalTest.class.getName();
    }

    private static List<String> run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the child did not end: " + out);
        }
        return out.lines().map(String::strip).filter(line -> line.contains("=")).toList();
    }
}
