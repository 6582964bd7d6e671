package org.virtfx.drivers.libvirt.binding;

import com.sun.jna.Native;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * libvirt's default event loop, run by one daemon thread for the whole process. libvirt delivers
 * events, keepalives and close callbacks only while some thread runs the loop, and the loop must
 * be registered before the first connection opens, or the remote driver cannot watch its socket.
 */
final class EventLoop {
    private static final Logger LOG = System.getLogger(EventLoop.class.getName());
    /** The loop is registered once per process (libvirt allows one implementation). */
    private static final Object LOCK = new Object();
    private static Thread thread;

    static {
        Native.register(EventLoop.class, LibvirtLibrary.require());
    }

    private EventLoop() {
    }

    /** Registers the default implementation and starts the thread that runs it, once. */
    static void ensureRunning() {
        synchronized (LOCK) {
            if (thread != null) {
                return;
            }
            Errors.check(virEventRegisterDefaultImpl(), "virEventRegisterDefaultImpl");
            thread = new Thread(EventLoop::run, "libvirt-event-loop");
            thread.setDaemon(true);
            thread.start();
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
}
