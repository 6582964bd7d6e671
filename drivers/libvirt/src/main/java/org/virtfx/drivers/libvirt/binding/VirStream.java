package org.virtfx.drivers.libvirt.binding;

import com.sun.jna.Callback;
import com.sun.jna.CallbackReference;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.ByteArrayOutputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/**
 * A {@code virStreamPtr}: a data channel libvirt attaches to something of a domain (its console,
 * a screenshot). A stream that lasts as long as a person wants it (a console) is non-blocking:
 * libvirt's event loop says when data is waiting ({@link #watch}), and the watcher receives it
 * there with {@link #receive}, which never blocks. A blocked {@code virStreamRecv} could be woken
 * only by the daemon, not by a person closing the console; watched, a stream is closed at any
 * moment from any thread. A download the daemon ends by itself (a screenshot) is a blocking
 * stream read to its end with {@link #receiveAll}, as virsh does, which needs no event loop.
 *
 * <p>Sending may happen on another thread than receiving: libvirt's remote streams lock
 * themselves for each call, and a data packet is sent without waiting for an answer.
 */
public final class VirStream extends NativeHandle {
    private static final Logger LOG = System.getLogger(VirStream.class.getName());

    /** {@code VIR_STREAM_NONBLOCK}. */
    private static final int NONBLOCK = 1;
    /** {@code virStreamEventType}: data (or end of stream) waiting, room to send, failure, hang-up. */
    public static final int READABLE = 1;
    public static final int WRITABLE = 2;
    public static final int ERROR = 4;
    public static final int HANGUP = 8;
    /** What {@code virStreamRecv} and {@code virStreamSend} return on a non-blocking stream with nothing to do. */
    private static final int AGAIN = -2;
    /** The buffer {@link #receiveAll} reads into, as large as one message of libvirt's remote protocol carries. */
    private static final int RECEIVE_CHUNK = 256 * 1024;
    /** How long a send waits before retrying when the stream's buffers are full. */
    private static final long SEND_RETRY_MILLIS = 5;

    /** What the watcher of a stream hears, on libvirt's event loop thread. */
    @FunctionalInterface
    public interface Watcher {
        /** Some of {@link #READABLE}, {@link #WRITABLE}, {@link #ERROR}, {@link #HANGUP}. */
        void ready(int events);
    }

    /** {@code void (*virStreamEventCallback)(virStreamPtr stream, int events, void *opaque)}. */
    interface EventCallback extends Callback {
        void invoke(Pointer stream, int events, Pointer opaque);
    }

    /** Watchers by the number libvirt hands back as opaque; process-wide, as the callback is. */
    private static final Map<Long, Watcher> WATCHERS = new ConcurrentHashMap<>();
    private static final AtomicLong NEXT_ID = new AtomicLong(1);
    /** A static field: libvirt keeps the callback's address, and JNA frees the stub of a collected one. */
    private static final EventCallback EVENTS = new EventCallback() {
        @Override
        public void invoke(Pointer stream, int events, Pointer opaque) {
            Watcher watcher = WATCHERS.get(Pointer.nativeValue(opaque));
            if (watcher == null) {
                return;
            }
            try {
                watcher.ready(events);
            } catch (RuntimeException e) {
                // An exception must not unwind into libvirt's event loop.
                LOG.log(Level.WARNING, "libvirt stream watcher failed", e);
            }
        }
    };

    static {
        Native.register(VirStream.class, LibvirtLibrary.require());
    }

    private volatile long watchId;

    private VirStream(Pointer pointer) {
        super(pointer, "stream", VirStream::virStreamFree);
    }

    /** A new non-blocking stream of the connection ({@code virStreamNew}), not yet attached to anything. */
    public static VirStream create(VirConnect conn) {
        return new VirStream(Errors.check(virStreamNew(conn.pointer(), NONBLOCK), "virStreamNew"));
    }

    /**
     * A new blocking stream of the connection, for a download the daemon ends by itself; read it
     * with {@link #receiveAll}.
     */
    public static VirStream createBlocking(VirConnect conn) {
        return new VirStream(Errors.check(virStreamNew(conn.pointer(), 0), "virStreamNew"));
    }

    /**
     * Reads a blocking stream to its end ({@code virStreamRecv} until it returns 0) and completes
     * it ({@code virStreamFinish}), which reports an error the other end had after its last data.
     * On failure the stream is aborted, so the daemon stops sending.
     *
     * @param limit the most bytes accepted; more is an error naming the limit, not a full heap
     */
    public byte[] receiveAll(int limit) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try (Memory buffer = new Memory(RECEIVE_CHUNK)) {
            int n;
            while ((n = virStreamRecv(pointer(), buffer, buffer.size())) != 0) {
                Errors.check(n, "virStreamRecv");
                if (all.size() + n > limit) {
                    throw VirtException.of(ErrorCode.INTERNAL_ERROR,
                            "the stream sent more than the " + limit + " bytes expected");
                }
                all.write(buffer.getByteArray(0, n), 0, n);
            }
            Errors.check(virStreamFinish(pointer()), "virStreamFinish");
            return all.toByteArray();
        } catch (VirtException e) {
            abort();
            throw e;
        }
    }

    /**
     * Starts watching the stream for {@code events} ({@code virStreamEventAddCallback}); the
     * watcher runs on libvirt's event loop thread until {@link #unwatch()}.
     */
    public void watch(int events, Watcher watcher) {
        long id = NEXT_ID.getAndIncrement();
        WATCHERS.put(id, watcher);
        if (virStreamEventAddCallback(pointer(), events, CallbackReference.getFunctionPointer(EVENTS),
                new Pointer(id), null) < 0) {
            WATCHERS.remove(id);
            throw Errors.last("virStreamEventAddCallback");
        }
        watchId = id;
    }

    /** Changes what the watcher hears ({@code virStreamEventUpdateCallback}); 0 pauses it. */
    public void watchFor(int events) {
        Errors.check(virStreamEventUpdateCallback(pointer(), events), "virStreamEventUpdateCallback");
    }

    /**
     * Stops watching ({@code virStreamEventRemoveCallback}) and waits for the event loop to come
     * round, so the watcher is not running when this returns.
     */
    public void unwatch() {
        long id = watchId;
        if (id == 0) {
            return;
        }
        watchId = 0;
        if (virStreamEventRemoveCallback(pointer()) < 0) {
            Errors.reset();
        }
        WATCHERS.remove(id);
        EventLoop.barrier();
    }

    /**
     * Receives what is waiting into {@code buffer} ({@code virStreamRecv}) without blocking.
     *
     * @return the number of bytes, 0 at the end of the stream, or -1 when nothing is waiting
     * @throws VirtException libvirt's error: the stream failed
     */
    public int receive(Memory buffer) {
        int n = virStreamRecv(pointer(), buffer, buffer.size());
        if (n == AGAIN) {
            return -1;
        }
        return Errors.check(n, "virStreamRecv");
    }

    /**
     * Sends all of {@code data} ({@code virStreamSend}). libvirt's remote streams take every packet
     * at once; a local stream whose buffers are full is retried after a moment.
     */
    public void send(byte[] data, int offset, int length) {
        Memory buffer = new Memory(Math.max(1, length));
        buffer.write(0, data, offset, length);
        long sent = 0;
        while (sent < length) {
            int n = virStreamSend(pointer(), buffer.share(sent), length - sent);
            if (n == AGAIN) {
                try {
                    Thread.sleep(SEND_RETRY_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw VirtException.of(ErrorCode.OPERATION_ABORTED, "interrupted while sending to a libvirt stream");
                }
                continue;
            }
            sent += Errors.check(n, "virStreamSend");
        }
    }

    /**
     * Tells the other end the stream is over and drops what is in flight ({@code virStreamAbort});
     * a stream that already ended or failed has nothing to abort, which is not an error here.
     */
    public void abort() {
        if (virStreamAbort(pointer()) < 0) {
            Errors.reset();
        }
    }

    /** {@code virStreamPtr virStreamNew(virConnectPtr conn, unsigned int flags)}. */
    private static native Pointer virStreamNew(Pointer conn, int flags);

    /** {@code int virStreamFree(virStreamPtr st)}: drops the reference; an active stream should be finished or aborted first. */
    private static native int virStreamFree(Pointer stream);

    /**
     * {@code int virStreamEventAddCallback(virStreamPtr st, int events, virStreamEventCallback cb,
     * void *opaque, virFreeCallback ff)}: one callback per stream.
     */
    private static native int virStreamEventAddCallback(Pointer stream, int events, Pointer cb, Pointer opaque,
                                                        Pointer ff);

    private static native int virStreamEventUpdateCallback(Pointer stream, int events);

    private static native int virStreamEventRemoveCallback(Pointer stream);

    /** {@code int virStreamRecv(virStreamPtr st, char *data, size_t nbytes)}: bytes read, 0 at the end, -1 error, -2 nothing waiting. */
    private static native int virStreamRecv(Pointer stream, Pointer data, long nbytes);

    /** {@code int virStreamSend(virStreamPtr st, const char *data, size_t nbytes)}: bytes taken, -1 error, -2 buffers full. */
    private static native int virStreamSend(Pointer stream, Pointer data, long nbytes);

    private static native int virStreamAbort(Pointer stream);

    /** {@code int virStreamFinish(virStreamPtr stream)}: completes a stream read to its end; -1 when the other end failed. */
    private static native int virStreamFinish(Pointer stream);
}
