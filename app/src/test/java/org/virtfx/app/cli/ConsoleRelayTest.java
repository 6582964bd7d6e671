package org.virtfx.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.virtfx.core.domain.DomainConsole;

class ConsoleRelayTest {

    /** A console whose guest echoes back, upper-cased, what it is sent. */
    private static final class EchoingGuest implements DomainConsole {
        private final PipedInputStream fromGuest = new PipedInputStream(1 << 16);
        private final PipedOutputStream guestWrites;
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();
        private boolean closed;

        EchoingGuest() throws IOException {
            guestWrites = new PipedOutputStream(fromGuest);
        }

        @Override
        public InputStream input() {
            return fromGuest;
        }

        @Override
        public OutputStream output() {
            return new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    received.write(b);
                    guestWrites.write(Character.toUpperCase(b));
                    guestWrites.flush();
                }
            };
        }

        @Override
        public void resize(int columns, int rows) {
        }

        @Override
        public void close() {
            closed = true;
            try {
                guestWrites.close();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void keysReachTheGuestUntilTheEscapeCharacter() throws IOException {
        EchoingGuest guest = new EchoingGuest();
        byte[] typed = "ls\r\u001dafter".getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        ConsoleRelay.relay(new ByteArrayInputStream(typed), screen, guest);
        assertEquals("ls\r", guest.received.toString(StandardCharsets.US_ASCII));
        assertEquals("LS\r", screen.toString(StandardCharsets.US_ASCII));
        assertTrue(guest.closed, "leaving the console closes it, not the domain");
    }
}
