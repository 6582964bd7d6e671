package org.virtfx.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.virtfx.core.connect.DriverChoice;
import picocli.CommandLine;

class LauncherTest {
    private final Launcher.DriverChoiceConverter converter = new Launcher.DriverChoiceConverter();

    @Test
    void driverTakesItsThreeWordsAndNamesThemWhenRefusing() {
        assertEquals(DriverChoice.AUTO, converter.convert("auto"));
        assertEquals(DriverChoice.LIBVIRT, converter.convert("libvirt"));
        assertEquals("invalid argument: unknown driver choice 'native' (expected auto, libvirt, builtin)",
                assertThrows(CommandLine.TypeConversionException.class, () -> converter.convert("native")).getMessage());
    }

    @Test
    @Timeout(10)
    void anAtFileArgumentIsACommandWordNotAFileToRead() {
        Launcher launcher = new Launcher();
        Launcher.parser(launcher).parseArgs("-c", "test:///default", "@/dev/zero");
        assertEquals(List.of("@/dev/zero"), launcher.commands());
    }

    @Test
    void aConnectionThatAsksForAPasswordWithoutATerminalFailsSayingSo(@TempDir Path dir) throws Exception {
        Path node = dir.resolve("auth.xml");
        Files.writeString(node, "<node><auth><user password='s3cret'>alice</user></auth></node>");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream was = System.err;
        int code;
        // The test's JVM has no terminal (surefire talks to it over pipes), as a command run from cron.
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            Launcher launcher = new Launcher();
            Launcher.parser(launcher).parseArgs("-c", "test://" + node, "--driver", "libvirt", "list");
            code = launcher.runCommands();
        } finally {
            System.setErr(was);
        }
        assertEquals(1, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("cannot ask for the username of test://" + node
                + ": there is no terminal to ask on (use an SSH key or agent, or run the command in a terminal)"),
                err.toString(StandardCharsets.UTF_8));
    }
}
