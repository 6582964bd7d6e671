package org.virtfx.drivers.libvirt.binding;

import com.sun.jna.Callback;
import com.sun.jna.CallbackReference;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.virtfx.core.connect.GLibMainContext;

/**
 * libvirt's default event loop, run by one daemon thread for the whole process. libvirt delivers
 * events, keepalives and close callbacks only while some thread runs the loop, and the loop must
 * be registered before the first connection opens, or the remote driver cannot watch its socket.
 *
 * <p>libvirt's default loop is GLib's default main context. When a GUI toolkit runs that context
 * ({@link GLibMainContext#isRunByToolkit()}: JavaFX on GTK), no thread is started: the toolkit's
 * loop dispatches libvirt's sources, as virt-manager's GTK loop does. A thread of ours would
 * compete for the context and, while it held it, run the toolkit's queued callbacks (JavaFX's
 * runLater) on itself: the GUI failed at start with "This operation is permitted on the event
 * thread only; currentThread = libvirt-event-loop".
 */
final class EventLoop {
    private static final Logger LOG = System.getLogger(EventLoop.class.getName());
    /** The loop is registered once per process (libvirt allows one implementation). */
    private static final Object LOCK = new Object();
    private static Thread thread;
    private static boolean registered;

    /** {@code void (*virEventTimeoutCallback)(int timer, void *opaque)}. */
    interface TimeoutCallback extends Callback {
        void invoke(int timer, Pointer opaque);
    }

    /** Callers waiting at {@link #barrier()}, by the number passed as opaque. */
    private static final Map<Long, CountDownLatch> WAITING = new ConcurrentHashMap<>();
    private static final AtomicLong NEXT_WAITER = new AtomicLong(1);
    /** A one-shot timer that lets a waiting caller go; a static field, as libvirt keeps its address. */
    private static final TimeoutCallback RELEASE = new TimeoutCallback() {
        @Override
        public void invoke(int timer, Pointer opaque) {
            virEventRemoveTimeout(timer);
            CountDownLatch waiting = WAITING.remove(Pointer.nativeValue(opaque));
            if (waiting != null) {
                waiting.countDown();
            }
        }
    };

    static {
        Native.register(EventLoop.class, LibvirtLibrary.require());
    }

    private EventLoop() {
    }

    /** Registers the default implementation and starts the thread that runs it, once. */
    static void ensureRunning() {
        synchronized (LOCK) {
            if (registered) {
                return;
            }
            Errors.check(virEventRegisterDefaultImpl(), "virEventRegisterDefaultImpl");
            registered = true;
            if (GLibMainContext.isRunByToolkit()) {
                return;
            }
            thread = new Thread(EventLoop::run, "libvirt-event-loop");
            thread.setDaemon(true);
            thread.start();
        }
    }


    /**
     * Waits until the loop has finished what it was doing when called: a callback deregistered
     * before the barrier is not running any more, and libvirt has dropped the references its
     * dispatch held. A no-op on the thread that runs the loop (ours, or the toolkit's), or
     * without a loop.
     */
    static void barrier() {
        synchronized (LOCK) {
            if (!registered || Thread.currentThread() == thread) {
                return;
            }
        }
        if (thread == null && GLib.ownsDefaultContext()) {
            return;
        }
        long id = NEXT_WAITER.getAndIncrement();
        CountDownLatch released = new CountDownLatch(1);
        WAITING.put(id, released);
        if (virEventAddTimeout(0, CallbackReference.getFunctionPointer(RELEASE), new Pointer(id), null) < 0) {
            WAITING.remove(id);
            Errors.reset();
            return;
        }
        try {
            if (!released.await(5, TimeUnit.SECONDS)) {
                LOG.log(Level.WARNING, "libvirt's event loop did not come round within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            WAITING.remove(id);
        }
    }

    private static void run() {
        while (true) {
            if (virEventRunDefaultImpl() < 0) {
                // A failed iteration (poll error) is logged and the loop goes on, as every connection
                // needs it; the pause keeps a persistent failure from spinning a core.
                LOG.log(Level.WARNING, "libvirt event loop: " + Errors.last("virEventRunDefaultImpl").getMessage());
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** {@code int virEventRegisterDefaultImpl(void)}: makes libvirt's poll()-based loop the process's. */
    private static native int virEventRegisterDefaultImpl();

    /** {@code int virEventRunDefaultImpl(void)}: runs one iteration, blocking until something is due. */
    private static native int virEventRunDefaultImpl();

    /**
     * {@code int virEventAddTimeout(int timeout, virEventTimeoutCallback cb, void *opaque,
     * virFreeCallback ff)}: a timer firing every {@code timeout} ms (0: on the next iteration)
     * until removed; returns its id, or -1.
     */
    private static native int virEventAddTimeout(int timeout, Pointer cb, Pointer opaque, Pointer ff);

    /** {@code int virEventRemoveTimeout(int timer)}. */
    private static native int virEventRemoveTimeout(int timer);
}
