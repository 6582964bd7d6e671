package org.virtfx.app.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.virtfx.core.domain.DomainConsole;

/** A session between piped streams and a buffer, the UI thread played by the reader itself. */
class TerminalSessionTest {

    private static final class PipedConsole implements DomainConsole {
        final PipedOutputStream guest = new PipedOutputStream();
        final PipedInputStream in;
        final ByteArrayOutputStream typed = new ByteArrayOutputStream();
        final List<String> sizes = new ArrayList<>();

        PipedConsole() throws IOException {
            in = new PipedInputStream(guest);
        }

        @Override
        public InputStream input() {
            return in;
        }

        @Override
        public OutputStream output() {
            return typed;
        }

        @Override
        public void resize(int cols, int rows) {
            sizes.add(cols + "x" + rows);
        }

        @Override
        public void close() {
            try {
                in.close();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    @Test
    void guestOutputReachesTheScreenAndTheEndIsReported() throws Exception {
        PipedConsole console = new PipedConsole();
        TerminalBuffer buffer = new TerminalBuffer(20, 3, 10);
        CountDownLatch ended = new CountDownLatch(1);
        List<String> why = new ArrayList<>();
        TerminalSession session = new TerminalSession(console, buffer, Runnable::run, () -> { }, message -> {
            why.add(message);
            ended.countDown();
        });
        session.start();
        console.guest.write("login: \u001b[1mroot\u001b[0m\r\n".getBytes(StandardCharsets.UTF_8));
        console.guest.close();
        assertTrue(ended.await(5, TimeUnit.SECONDS));
        assertEquals("login: root", buffer.line(0));
        assertTrue(buffer.cell(0, 7).bold());
        assertEquals(List.of("The console stream ended"), why);
    }

    @Test
    void keysPastesAndResizesGoToTheStream() throws Exception {
        PipedConsole console = new PipedConsole();
        TerminalBuffer buffer = new TerminalBuffer(80, 24, 10);
        TerminalSession session = new TerminalSession(console, buffer, Runnable::run, () -> { }, m -> { });
        session.send(TerminalKey.control('c'));
        session.paste("ls\nexit\n");
        session.resize(100, 30);
        session.resize(100, 30);
        assertEquals("\u0003ls\rexit\r", console.typed.toString(StandardCharsets.UTF_8));
        assertEquals(List.of("100x30"), console.sizes, "an unchanged size is not sent again");
        assertEquals(100, buffer.cols());
        session.close();
    }
}
