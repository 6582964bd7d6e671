package org.virtfx.core.domain;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/**
 * The streams a {@link DomainConsole} hands out, over the console's own read and write. They call
 * the console directly, without the one lock {@code Channels.newInputStream} and
 * {@code newOutputStream} share on a blocking channel, so a read waiting for the guest never
 * holds up a keystroke; closing either stream closes the console.
 */
public final class ConsoleStreams {
    /** A console's read: bytes read, or -1 at the end; may block. */
    @FunctionalInterface
    public interface Read {
        int read(byte[] buffer, int offset, int length) throws IOException;
    }

    /** A console's write of all the bytes given. */
    @FunctionalInterface
    public interface Write {
        void write(byte[] buffer, int offset, int length) throws IOException;
    }

    private ConsoleStreams() {
    }

    /** A blocking channel's read as a console's read. */
    public static Read from(ReadableByteChannel channel) {
        return (buffer, offset, length) -> channel.read(ByteBuffer.wrap(buffer, offset, length));
    }

    /** A blocking channel's writes until every byte is written, as a console's write. */
    public static Write to(WritableByteChannel channel) {
        return (buffer, offset, length) -> {
            ByteBuffer data = ByteBuffer.wrap(buffer, offset, length);
            while (data.hasRemaining()) {
                channel.write(data);
            }
        };
    }

    public static InputStream input(Read read, Runnable close) {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                return length == 0 ? 0 : read.read(buffer, offset, length);
            }

            @Override
            public void close() {
                close.run();
            }
        };
    }

    public static OutputStream output(Write write, Runnable close) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] buffer, int offset, int length) throws IOException {
                write.write(buffer, offset, length);
            }

            @Override
            public void close() {
                close.run();
            }
        };
    }

    /** Refuses a terminal size no window can have, as {@link DomainConsole#resize} must. */
    public static void requireSize(int columns, int rows) {
        if (columns < 1 || rows < 1) {
            throw VirtException.of(ErrorCode.INVALID_ARG, "invalid console size " + columns + "x" + rows);
        }
    }
}
