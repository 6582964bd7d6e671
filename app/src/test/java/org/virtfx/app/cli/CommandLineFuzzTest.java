package org.virtfx.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/**
 * The virsh command parser, fuzzed: any command string (or, with NUL bytes between words, any
 * argument vector) is parsed whole and then either fails with virsh's "error: ..." lines or
 * reaches the connection, which here always refuses, so nothing is ever run and no file is
 * touched. Seeds are command lines of the virsh differential's scripts, kept beside the test;
 * core's {@code FuzzTargets} says how to run longer.
 */
class CommandLineFuzzTest {
    @FuzzTest(maxDuration = "25s")
    void commandLine(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        List<String> words = text.indexOf('\0') >= 0 ? Arrays.asList(text.split("\0", -1)) : List.of(text);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new VirshShell(() -> {
            throw new VirtException(ErrorCode.NO_CONNECT, "no connection while fuzzing");
        }, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                false).run(words);
        assertEquals(1, status, text);
        assertEquals("", out.toString(StandardCharsets.UTF_8), text);
        String errors = err.toString(StandardCharsets.UTF_8);
        assertTrue(errors.startsWith("error: ") && errors.endsWith("\n"), errors);
    }
}
