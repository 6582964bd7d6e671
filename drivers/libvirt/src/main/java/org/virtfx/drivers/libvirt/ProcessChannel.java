package org.virtfx.drivers.libvirt;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ByteChannel;
import java.nio.channels.ClosedChannelException;

/**
 * A program's standard output and input as one channel (ssh carrying a console), starting with
 * bytes already read from it. Closing kills the program, which also ends a read blocked in
 * another thread; that read then fails as a closed socket's would.
 */
final class ProcessChannel implements ByteChannel {
    private static final int CHUNK = 64 * 1024;

    private final Process process;
    private final InputStream in;
    private final OutputStream out;
    private final ByteBuffer readAhead;
    /** Reads happen on one thread at a time (the console's reader). */
    private final byte[] chunk = new byte[CHUNK];
    private volatile boolean closed;

    ProcessChannel(Process process, ByteBuffer readAhead) {
        this.process = process;
        this.in = process.getInputStream();
        this.out = process.getOutputStream();
        this.readAhead = readAhead;
    }

    @Override
    public int read(ByteBuffer target) throws IOException {
        requireOpen();
        synchronized (readAhead) {
            if (readAhead.hasRemaining()) {
                int n = Math.min(readAhead.remaining(), target.remaining());
                target.put(readAhead.slice(readAhead.position(), n));
                readAhead.position(readAhead.position() + n);
                return n;
            }
        }
        int n;
        try {
            n = in.read(chunk, 0, Math.min(CHUNK, Math.max(1, target.remaining())));
        } catch (IOException e) {
            throw closed ? new AsynchronousCloseException() : e;
        }
        if (n < 0) {
            if (closed) {
                throw new AsynchronousCloseException();
            }
            return -1;
        }
        target.put(chunk, 0, n);
        return n;
    }

    @Override
    public int write(ByteBuffer source) throws IOException {
        requireOpen();
        int n = source.remaining();
        byte[] bytes = new byte[n];
        source.get(bytes);
        out.write(bytes);
        out.flush();
        return n;
    }

    @Override
    public boolean isOpen() {
        return !closed;
    }

    @Override
    public void close() {
        closed = true;
        // A wrapper named by command= may have started ssh as its child rather than exec'd it.
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private void requireOpen() throws ClosedChannelException {
        if (closed) {
            throw new ClosedChannelException();
        }
    }
}
