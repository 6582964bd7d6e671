package org.virtfx.drivers.libvirt;

import com.sun.jna.Memory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.AsynchronousCloseException;
import java.util.ArrayDeque;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.virtfx.core.domain.ConsoleStreams;
import org.virtfx.core.domain.DomainConsole;
import org.virtfx.core.error.VirtException;
import org.virtfx.drivers.libvirt.binding.VirConnect;
import org.virtfx.drivers.libvirt.binding.VirDomain;
import org.virtfx.drivers.libvirt.binding.VirStream;

/**
 * A domain's text console through libvirt ({@code virDomainOpenConsole}), as {@code virsh console}
 * opens it: a non-blocking stream that libvirt's event loop watches. When data is waiting the
 * loop takes it into a queue here, and {@link #input()} reads the queue, so a reader blocks in
 * Java, where closing the console wakes it, never inside libvirt. Past {@link #HIGH_WATER} bytes
 * unread the loop stops taking data until the reader catches up, leaving the rest to libvirt's
 * flow control. What is written goes straight to the stream.
 */
final class LibvirtConsole implements DomainConsole {
    /** Bytes received but not read yet, above which the event loop stops receiving. */
    static final int HIGH_WATER = 1 << 20;
    private static final int WATCHED = VirStream.READABLE | VirStream.ERROR | VirStream.HANGUP;

    private final VirStream stream;
    /** Where the event loop receives into; used on that thread only. */
    private final Memory chunk = new Memory(64 * 1024);
    /** Guards the queue and the state below; readers wait on it. */
    private final Object lock = new Object();
    private final ArrayDeque<byte[]> received = new ArrayDeque<>();
    private int queued;
    private int headOffset;
    private boolean paused;
    private boolean ended;
    private IOException failure;
    private boolean closed;
    /** Held shared by native calls from readers and writers, exclusively while the stream is freed. */
    private final ReentrantReadWriteLock inUse = new ReentrantReadWriteLock();

    private LibvirtConsole(VirStream stream) {
        this.stream = stream;
    }

    /** Opens the domain's first console, taking it over from another client as virt-manager does. */
    static LibvirtConsole open(VirConnect conn, VirDomain domain) {
        VirStream stream = VirStream.create(conn);
        try {
            domain.openConsole(null, stream, VirDomain.CONSOLE_FORCE);
            LibvirtConsole console = new LibvirtConsole(stream);
            stream.watch(WATCHED, console::ready);
            return console;
        } catch (RuntimeException e) {
            stream.close();
            throw e;
        }
    }

    /** On libvirt's event loop: takes everything waiting, or notes the end. */
    private void ready(int events) {
        while (true) {
            int n;
            try {
                n = stream.receive(chunk);
            } catch (VirtException e) {
                end(new IOException("the console stream failed: " + e.getMessage(), e));
                return;
            }
            if (n < 0) {
                if ((events & (VirStream.ERROR | VirStream.HANGUP)) != 0) {
                    end(null);
                }
                return;
            }
            if (n == 0) {
                end(null);
                return;
            }
            boolean pause;
            synchronized (lock) {
                received.add(chunk.getByteArray(0, n));
                queued += n;
                pause = queued >= HIGH_WATER && !paused;
                paused |= pause;
                lock.notifyAll();
            }
            if (pause) {
                stream.watchFor(0);
                return;
            }
        }
    }

    /**
     * The end of the stream (the guest stopped) or its failure: readers get what is queued, then
     * the end. Watching stops, as libvirt reports an ended stream readable on every turn.
     */
    private void end(IOException why) {
        synchronized (lock) {
            ended = true;
            failure = why;
            lock.notifyAll();
        }
        stream.watchFor(0);
    }

    private int read(byte[] buffer, int offset, int length) throws IOException {
        boolean resume;
        int n;
        synchronized (lock) {
            while (received.isEmpty() && !ended && !closed) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while reading the console");
                }
            }
            if (closed) {
                throw new AsynchronousCloseException();
            }
            if (received.isEmpty()) {
                if (failure != null) {
                    throw failure;
                }
                return -1;
            }
            byte[] head = received.peek();
            n = Math.min(length, head.length - headOffset);
            System.arraycopy(head, headOffset, buffer, offset, n);
            headOffset += n;
            if (headOffset == head.length) {
                received.poll();
                headOffset = 0;
            }
            queued -= n;
            resume = paused && !ended && queued < HIGH_WATER / 2;
            if (resume) {
                paused = false;
            }
        }
        if (resume) {
            onStream(() -> stream.watchFor(WATCHED));
        }
        return n;
    }

    private void write(byte[] buffer, int offset, int length) throws IOException {
        synchronized (lock) {
            if (closed) {
                throw new AsynchronousCloseException();
            }
        }
        onStream(() -> stream.send(buffer, offset, length));
    }

    /** A call on the stream while it cannot be freed; libvirt's failure as an IOException. */
    private void onStream(Runnable call) throws IOException {
        inUse.readLock().lock();
        try {
            if (stream.isClosed()) {
                throw new AsynchronousCloseException();
            }
            call.run();
        } catch (VirtException e) {
            throw new IOException("the console stream failed: " + e.getMessage(), e);
        } finally {
            inUse.readLock().unlock();
        }
    }

    /** What the guest writes; ends when the domain stops, or fails with libvirt's error. */
    @Override
    public InputStream input() {
        return ConsoleStreams.input(this::read, this::close);
    }

    @Override
    public OutputStream output() {
        return ConsoleStreams.output(this::write, this::close);
    }

    /**
     * libvirt's console API carries no window size (a serial line has none; a container's pty
     * keeps the size libvirt gave it): the guest is told nothing, as with {@code virsh console}.
     */
    @Override
    public void resize(int columns, int rows) {
        ConsoleStreams.requireSize(columns, rows);
    }

    /** Wakes readers, stops the watch, aborts the stream and frees it; the domain keeps running. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            lock.notifyAll();
        }
        stream.unwatch();
        inUse.writeLock().lock();
        try {
            stream.abort();
            stream.close();
        } finally {
            inUse.writeLock().unlock();
        }
    }
}
