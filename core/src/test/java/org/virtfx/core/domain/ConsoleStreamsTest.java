package org.virtfx.core.domain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.virtfx.core.error.VirtException;

class ConsoleStreamsTest {

    @Test
    void bytesPassBothWaysAndClosingEitherStreamClosesTheConsole() throws IOException {
        ByteArrayInputStream guest = new ByteArrayInputStream(new byte[] {(byte) 0xe2, 'A'});
        ByteArrayOutputStream typed = new ByteArrayOutputStream();
        AtomicInteger closes = new AtomicInteger();
        InputStream in = ConsoleStreams.input(guest::read, closes::incrementAndGet);
        OutputStream out = ConsoleStreams.output(typed::write, closes::incrementAndGet);

        assertEquals(0xe2, in.read(), "a byte above 127 reads as itself, not as -1");
        assertEquals(0, in.read(new byte[4], 0, 0));
        byte[] rest = new byte[4];
        assertEquals(1, in.read(rest));
        assertEquals(-1, in.read());
        out.write('l');
        out.write("s\r".getBytes(), 0, 2);
        assertArrayEquals("ls\r".getBytes(), typed.toByteArray());

        in.close();
        out.close();
        assertEquals(2, closes.get());
    }

    @Test
    void aSizeNoWindowCanHaveIsRefused() {
        ConsoleStreams.requireSize(80, 24);
        VirtException e = assertThrows(VirtException.class, () -> ConsoleStreams.requireSize(0, 24));
        assertEquals("invalid argument: invalid console size 0x24", e.getMessage());
    }

    @Test
    void aChannelsWriteIsRepeatedUntilEveryByteIsOutAndItsReadPassesThrough() throws IOException {
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        WritableByteChannel oneAtATime = new WritableByteChannel() {
            @Override
            public int write(ByteBuffer source) {
                sent.write(source.get());
                return 1;
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
            }
        };
        ConsoleStreams.to(oneAtATime).write("uname\r".getBytes(), 1, 4);
        assertArrayEquals("name".getBytes(), sent.toByteArray());

        byte[] buffer = new byte[8];
        int n = ConsoleStreams.from(Channels.newChannel(new ByteArrayInputStream("# ".getBytes()))).read(buffer, 2, 6);
        assertEquals(2, n);
        assertEquals("# ", new String(buffer, 2, 2));
    }
}
