package org.virtfx.app.vnc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * Big-endian reads of RFB's fields from a channel, through one buffer so a 4-byte field costs
 * no system call. Each read names what it reads, so a server that closes the connection in the
 * middle of a message is reported as "closed while reading the ZRLE data length".
 */
public final class RfbInput {
    private final ReadableByteChannel channel;
    private final ByteBuffer buffer;

    public RfbInput(ReadableByteChannel channel) {
        this(channel, 64 * 1024);
    }

    RfbInput(ReadableByteChannel channel, int bufferSize) {
        this.channel = channel;
        this.buffer = ByteBuffer.allocate(bufferSize);
        buffer.flip();
    }

    private void require(int count, String what) throws IOException {
        while (buffer.remaining() < count) {
            buffer.compact();
            int read;
            try {
                read = channel.read(buffer);
            } finally {
                buffer.flip();
            }
            if (read < 0) {
                throw new RfbProtocolException("the server closed the connection while the client read " + what);
            }
        }
    }

    public int u8(String what) throws IOException {
        require(1, what);
        return buffer.get() & 0xFF;
    }

    public int u16(String what) throws IOException {
        require(2, what);
        return buffer.getShort() & 0xFFFF;
    }

    public int s32(String what) throws IOException {
        require(4, what);
        return buffer.getInt();
    }

    /** An unsigned 32-bit length, refused above {@code limit} so a corrupt length cannot exhaust memory. */
    public int length(String what, int limit) throws IOException {
        long value = s32(what) & 0xFFFFFFFFL;
        if (value > limit) {
            throw new RfbProtocolException(what + " is " + value + " bytes, more than the " + limit + " this client accepts");
        }
        return (int) value;
    }

    public void readFully(byte[] into, int offset, int length, String what) throws IOException {
        int done = Math.min(length, buffer.remaining());
        buffer.get(into, offset, done);
        while (done < length) {
            // Large payloads bypass the buffer: straight from the socket into the caller's array.
            ByteBuffer target = ByteBuffer.wrap(into, offset + done, length - done);
            int read = channel.read(target);
            if (read < 0) {
                throw new RfbProtocolException("the server closed the connection while the client read " + what);
            }
            done += read;
        }
    }

    public byte[] bytes(int length, String what) throws IOException {
        byte[] bytes = new byte[length];
        readFully(bytes, 0, length, what);
        return bytes;
    }

    public void skip(int count, String what) throws IOException {
        int left = count;
        while (left > 0) {
            require(1, what);
            int step = Math.min(left, buffer.remaining());
            buffer.position(buffer.position() + step);
            left -= step;
        }
    }
}
