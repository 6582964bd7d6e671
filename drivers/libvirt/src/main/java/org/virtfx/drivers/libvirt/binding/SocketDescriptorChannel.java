package org.virtfx.drivers.libvirt.binding;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import java.io.IOException;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ByteChannel;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A connected socket that came as a bare file descriptor (from {@code virDomainOpenGraphicsFD}),
 * as a blocking {@link ByteChannel}: the JDK cannot wrap a descriptor it did not open, so reads
 * and writes go through the C library. One thread may read while another writes; closing from
 * any thread wakes both (the socket is shut down first, then closed once no call is using the
 * number, so a read never lands on a descriptor the process has reused).
 */
public final class SocketDescriptorChannel implements ByteChannel {
    /** One cleaner thread for every channel nobody closed. */
    private static final Cleaner CLEANER = Cleaner.create();
    private static final int BUFFER_SIZE = 64 * 1024;

    private final int fd;
    /** Shared by calls in progress, taken exclusively to close the descriptor. */
    private final ReentrantReadWriteLock inUse = new ReentrantReadWriteLock();
    private final Object reading = new Object();
    private final Object writing = new Object();
    private final Memory readBuffer = new Memory(BUFFER_SIZE);
    private final Memory writeBuffer = new Memory(BUFFER_SIZE);
    /** False from the moment close begins, so a read woken by the shutdown knows why. */
    private volatile boolean open = true;
    /** Whether the descriptor itself was closed, by close or by the cleaner. */
    private final AtomicBoolean closed;
    private final Cleaner.Cleanable cleanable;

    /** Takes ownership of {@code fd}, a connected stream socket. */
    public SocketDescriptorChannel(int fd) {
        this.fd = fd;
        this.closed = new AtomicBoolean();
        AtomicBoolean flag = closed;
        this.cleanable = CLEANER.register(this, () -> {
            if (flag.compareAndSet(false, true)) {
                closeQuietly(fd);
            }
        });
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        synchronized (reading) {
            begin();
            try {
                int want = Math.min(dst.remaining(), BUFFER_SIZE);
                if (want == 0) {
                    return 0;
                }
                long n;
                while (true) {
                    try {
                        n = LibC.recv(fd, readBuffer, want, 0);
                        break;
                    } catch (LastErrorException e) {
                        if (e.getErrorCode() != LibC.EINTR) {
                            throw failed("read from", e);
                        }
                    }
                }
                if (n == 0) {
                    if (!isOpen()) {
                        throw new AsynchronousCloseException();
                    }
                    return -1;
                }
                dst.put(readBuffer.getByteBuffer(0, n));
                return (int) n;
            } finally {
                inUse.readLock().unlock();
            }
        }
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        synchronized (writing) {
            begin();
            try {
                int total = 0;
                while (src.hasRemaining()) {
                    int chunk = Math.min(src.remaining(), BUFFER_SIZE);
                    ByteBuffer slice = src.slice(src.position(), chunk);
                    writeBuffer.getByteBuffer(0, chunk).put(slice);
                    long sent = 0;
                    while (sent < chunk) {
                        try {
                            sent += LibC.send(fd, writeBuffer.share(sent), chunk - sent, LibC.MSG_NOSIGNAL);
                        } catch (LastErrorException e) {
                            if (e.getErrorCode() != LibC.EINTR) {
                                throw failed("write to", e);
                            }
                        }
                    }
                    src.position(src.position() + chunk);
                    total += chunk;
                }
                return total;
            } finally {
                inUse.readLock().unlock();
            }
        }
    }

    /** Marks a call in progress; fails on a closed channel. */
    private void begin() throws ClosedChannelException {
        inUse.readLock().lock();
        if (!isOpen()) {
            inUse.readLock().unlock();
            throw new ClosedChannelException();
        }
    }

    private IOException failed(String what, LastErrorException e) {
        if (!isOpen()) {
            AsynchronousCloseException closedMeanwhile = new AsynchronousCloseException();
            closedMeanwhile.initCause(e);
            return closedMeanwhile;
        }
        return new IOException("cannot " + what + " the socket: " + e.getMessage(), e);
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    /** Wakes any call blocked on the socket, then closes the descriptor once none is using it. */
    @Override
    public void close() {
        if (!open) {
            return;
        }
        open = false;
        try {
            LibC.shutdown(fd, LibC.SHUT_RDWR);
        } catch (LastErrorException notConnected) {
            // The peer is gone already; closing is all that is left.
        }
        inUse.writeLock().lock();
        try {
            if (closed.compareAndSet(false, true)) {
                closeQuietly(fd);
            }
        } finally {
            inUse.writeLock().unlock();
        }
        cleanable.clean();
    }

    private static void closeQuietly(int fd) {
        try {
            LibC.close(fd);
        } catch (LastErrorException e) {
            // close() releases the number even when it reports an error; nothing to retry.
        }
    }
}
