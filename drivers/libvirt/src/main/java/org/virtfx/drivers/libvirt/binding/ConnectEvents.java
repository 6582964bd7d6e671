package org.virtfx.drivers.libvirt.binding;

import com.sun.jna.Callback;
import com.sun.jna.CallbackReference;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The event registrations of one connection: domain lifecycle and reboot, network lifecycle,
 * storage pool lifecycle and refresh, and the close callback. libvirt calls back on its event
 * loop thread ({@link EventLoop}); each callback finds its connection's {@link Listener} by the
 * number passed as libvirt's {@code opaque}. The native callbacks are static final fields: libvirt
 * keeps their addresses, and JNA frees the stub of a callback object the collector takes.
 */
public final class ConnectEvents implements AutoCloseable {
    private static final Logger LOG = System.getLogger(ConnectEvents.class.getName());

    /** {@code VIR_DOMAIN_EVENT_ID_LIFECYCLE} and {@code VIR_DOMAIN_EVENT_ID_REBOOT}. */
    private static final int DOMAIN_LIFECYCLE = 0;
    private static final int DOMAIN_REBOOT = 1;
    /** {@code VIR_NETWORK_EVENT_ID_LIFECYCLE}. */
    private static final int NETWORK_LIFECYCLE = 0;
    /** {@code VIR_STORAGE_POOL_EVENT_ID_LIFECYCLE} and {@code VIR_STORAGE_POOL_EVENT_ID_REFRESH}. */
    private static final int POOL_LIFECYCLE = 0;
    private static final int POOL_REFRESH = 1;

    /** What a connection hears. Handles passed in are new references the listener must close. */
    public interface Listener {
        /** A {@code virDomainEventType} and its detail number. */
        void domainLifecycle(VirDomain domain, int event, int detail);

        void domainRebooted(VirDomain domain);

        /** A {@code virNetworkEventLifecycleType} and its detail. */
        void networkLifecycle(VirNetwork network, int event, int detail);

        /** A {@code virStoragePoolEventLifecycleType} and its detail. */
        void poolLifecycle(VirStoragePool pool, int event, int detail);

        void poolRefreshed(VirStoragePool pool);

        /** The connection closed under us: a {@code virConnectCloseReason} (0 error, 1 EOF, 2 keepalive, 3 client). */
        void connectionClosed(int reason);
    }

    /** Connections' listeners by the number libvirt hands back; process-wide, as the callbacks are. */
    private static final Map<Long, Listener> LISTENERS = new ConcurrentHashMap<>();
    private static final AtomicLong NEXT_ID = new AtomicLong(1);

    /** void (*)(virConnectPtr conn, virDomainPtr dom, int event, int detail, void *opaque) and its network and pool twins. */
    interface ObjectLifecycleCallback extends Callback {
        void invoke(Pointer conn, Pointer object, int event, int detail, Pointer opaque);
    }

    /** void (*)(virConnectPtr conn, virDomainPtr dom, void *opaque), and the pool refresh twin. */
    interface ObjectCallback extends Callback {
        void invoke(Pointer conn, Pointer object, Pointer opaque);
    }

    /** void (*virConnectCloseFunc)(virConnectPtr conn, int reason, void *opaque). */
    interface CloseCallback extends Callback {
        void invoke(Pointer conn, int reason, Pointer opaque);
    }

    private static final ObjectLifecycleCallback DOMAIN_LIFECYCLE_CALLBACK = new ObjectLifecycleCallback() {
        @Override
        public void invoke(Pointer conn, Pointer object, int event, int detail, Pointer opaque) {
            deliver(opaque, "domain lifecycle", l -> l.domainLifecycle(VirDomain.borrowed(object), event, detail));
        }
    };
    private static final ObjectCallback DOMAIN_REBOOT_CALLBACK = new ObjectCallback() {
        @Override
        public void invoke(Pointer conn, Pointer object, Pointer opaque) {
            deliver(opaque, "domain reboot", l -> l.domainRebooted(VirDomain.borrowed(object)));
        }
    };
    private static final ObjectLifecycleCallback NETWORK_LIFECYCLE_CALLBACK = new ObjectLifecycleCallback() {
        @Override
        public void invoke(Pointer conn, Pointer object, int event, int detail, Pointer opaque) {
            deliver(opaque, "network lifecycle", l -> l.networkLifecycle(VirNetwork.borrowed(object), event, detail));
        }
    };
    private static final ObjectLifecycleCallback POOL_LIFECYCLE_CALLBACK = new ObjectLifecycleCallback() {
        @Override
        public void invoke(Pointer conn, Pointer object, int event, int detail, Pointer opaque) {
            deliver(opaque, "pool lifecycle", l -> l.poolLifecycle(VirStoragePool.borrowed(object), event, detail));
        }
    };
    private static final ObjectCallback POOL_REFRESH_CALLBACK = new ObjectCallback() {
        @Override
        public void invoke(Pointer conn, Pointer object, Pointer opaque) {
            deliver(opaque, "pool refresh", l -> l.poolRefreshed(VirStoragePool.borrowed(object)));
        }
    };
    private static final CloseCallback CLOSE_CALLBACK = new CloseCallback() {
        @Override
        public void invoke(Pointer conn, int reason, Pointer opaque) {
            deliver(opaque, "close", l -> l.connectionClosed(reason));
        }
    };

    static {
        Native.register(ConnectEvents.class, LibvirtLibrary.require());
    }

    private final VirConnect connection;
    private final long id;
    private final List<Runnable> deregistrations = new ArrayList<>();

    private ConnectEvents(VirConnect connection, long id) {
        this.connection = connection;
        this.id = id;
    }

    /**
     * Registers every callback of a connection. Families the connection lacks (a hypervisor
     * without a network driver) are skipped: their events cannot happen.
     */
    public static ConnectEvents register(VirConnect connection, Listener listener) {
        ConnectEvents events = new ConnectEvents(connection, NEXT_ID.getAndIncrement());
        LISTENERS.put(events.id, listener);
        try {
            Pointer conn = connection.pointer();
            Pointer opaque = new Pointer(events.id);
            events.add(virConnectDomainEventRegisterAny(conn, null, DOMAIN_LIFECYCLE,
                    fn(DOMAIN_LIFECYCLE_CALLBACK), opaque, null), ConnectEvents::virConnectDomainEventDeregisterAny);
            events.add(virConnectDomainEventRegisterAny(conn, null, DOMAIN_REBOOT,
                    fn(DOMAIN_REBOOT_CALLBACK), opaque, null), ConnectEvents::virConnectDomainEventDeregisterAny);
            events.addOptional(virConnectNetworkEventRegisterAny(conn, null, NETWORK_LIFECYCLE,
                    fn(NETWORK_LIFECYCLE_CALLBACK), opaque, null), ConnectEvents::virConnectNetworkEventDeregisterAny);
            events.addOptional(virConnectStoragePoolEventRegisterAny(conn, null, POOL_LIFECYCLE,
                    fn(POOL_LIFECYCLE_CALLBACK), opaque, null), ConnectEvents::virConnectStoragePoolEventDeregisterAny);
            events.addOptional(virConnectStoragePoolEventRegisterAny(conn, null, POOL_REFRESH,
                    fn(POOL_REFRESH_CALLBACK), opaque, null), ConnectEvents::virConnectStoragePoolEventDeregisterAny);
            Errors.check(virConnectRegisterCloseCallback(conn, fn(CLOSE_CALLBACK), opaque, null),
                    "virConnectRegisterCloseCallback");
            events.deregistrations.add(() -> virConnectUnregisterCloseCallback(connection.pointer(), fn(CLOSE_CALLBACK)));
            return events;
        } catch (RuntimeException e) {
            events.close();
            throw e;
        }
    }

    private interface Deregister {
        int apply(Pointer conn, int callbackId);
    }

    private void add(int callbackId, Deregister deregister) {
        Errors.check(callbackId, "event registration");
        deregistrations.add(() -> deregister.apply(connection.pointer(), callbackId));
    }

    private void addOptional(int callbackId, Deregister deregister) {
        if (callbackId < 0) {
            LOG.log(Level.DEBUG, "no events for a family this connection lacks: "
                    + Errors.last("event registration").getMessage());
            return;
        }
        deregistrations.add(() -> deregister.apply(connection.pointer(), callbackId));
    }

    /**
     * Deregisters every callback and waits for the event loop to come round, so that when it
     * returns no callback of this connection is running and libvirt holds no reference to the
     * connection for it: closing the connection then really closes it (libvirt's test:///default
     * starts afresh once its last connection is gone).
     */
    @Override
    public void close() {
        LISTENERS.remove(id);
        if (!connection.isClosed()) {
            for (Runnable deregistration : deregistrations) {
                deregistration.run();
            }
            Errors.reset();
        }
        deregistrations.clear();
        EventLoop.barrier();
    }

    private static Pointer fn(Callback callback) {
        return CallbackReference.getFunctionPointer(callback);
    }

    private interface Delivery {
        void to(Listener listener);
    }

    private static void deliver(Pointer opaque, String what, Delivery delivery) {
        Listener listener = LISTENERS.get(Pointer.nativeValue(opaque));
        if (listener == null) {
            return;
        }
        try {
            delivery.to(listener);
        } catch (RuntimeException e) {
            // An exception must not unwind into libvirt's event loop.
            LOG.log(Level.WARNING, "libvirt " + what + " event listener failed", e);
        }
    }

    private static native int virConnectDomainEventRegisterAny(Pointer conn, Pointer dom, int eventId, Pointer cb,
                                                               Pointer opaque, Pointer freecb);

    private static native int virConnectDomainEventDeregisterAny(Pointer conn, int callbackId);

    private static native int virConnectNetworkEventRegisterAny(Pointer conn, Pointer net, int eventId, Pointer cb,
                                                                Pointer opaque, Pointer freecb);

    private static native int virConnectNetworkEventDeregisterAny(Pointer conn, int callbackId);

    private static native int virConnectStoragePoolEventRegisterAny(Pointer conn, Pointer pool, int eventId, Pointer cb,
                                                                    Pointer opaque, Pointer freecb);

    private static native int virConnectStoragePoolEventDeregisterAny(Pointer conn, int callbackId);

    /** {@code int virConnectRegisterCloseCallback(conn, virConnectCloseFunc cb, void *opaque, virFreeCallback freecb)}. */
    private static native int virConnectRegisterCloseCallback(Pointer conn, Pointer cb, Pointer opaque, Pointer freecb);

    private static native int virConnectUnregisterCloseCallback(Pointer conn, Pointer cb);
}
