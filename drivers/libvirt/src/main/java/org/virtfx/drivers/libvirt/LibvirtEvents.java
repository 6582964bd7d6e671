package org.virtfx.drivers.libvirt;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.virtfx.core.domain.DomainState;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.domain.StateReason;
import org.virtfx.core.event.ConnectionClosedEvent;
import org.virtfx.core.event.DomainEvent;
import org.virtfx.core.event.EventBus;
import org.virtfx.core.event.LifecycleEvent;
import org.virtfx.core.event.NetworkEvent;
import org.virtfx.core.event.PoolEvent;
import org.virtfx.core.network.NetworkSummary;
import org.virtfx.core.storage.PoolSummary;
import org.virtfx.drivers.libvirt.binding.ConnectEvents;
import org.virtfx.drivers.libvirt.binding.LibvirtError;
import org.virtfx.drivers.libvirt.binding.NativeHandle;
import org.virtfx.drivers.libvirt.binding.VirDomain;
import org.virtfx.drivers.libvirt.binding.VirNetwork;
import org.virtfx.drivers.libvirt.binding.VirStoragePool;

/**
 * Turns libvirt's callbacks into core's events. A callback only takes a reference and queues the
 * work: the summary (read after the change, as core's events carry it) is built and published on
 * one thread per connection, in the order libvirt delivered, so listeners never run on libvirt's
 * event loop and may call back into the connection.
 */
final class LibvirtEvents implements ConnectEvents.Listener {
    private static final Logger LOG = System.getLogger(LibvirtEvents.class.getName());

    /** libvirt's {@code virDomainEventType} in order, as core's types; see {@link #domainType}. */
    private static final List<DomainEvent.Type> DOMAIN_TYPES = List.of(DomainEvent.Type.DEFINED,
            DomainEvent.Type.UNDEFINED, DomainEvent.Type.STARTED, DomainEvent.Type.SUSPENDED, DomainEvent.Type.RESUMED,
            DomainEvent.Type.STOPPED, DomainEvent.Type.SHUTDOWN, DomainEvent.Type.SUSPENDED, DomainEvent.Type.SUSPENDED);
    /** libvirt's detail words per event type, as {@code virsh event} names them, in lower case. */
    private static final List<List<String>> DOMAIN_DETAILS = List.of(
            List.of("added", "updated", "renamed", "from snapshot"),
            List.of("removed", "renamed"),
            List.of("booted", "migrated", "restored", "from snapshot", "wakeup"),
            List.of("paused", "migrated", "i/o error", "watchdog", "restored", "from snapshot", "api error", "post-copy",
                    "post-copy failed"),
            List.of("unpaused", "migrated", "from snapshot", "post-copy", "post-copy failed"),
            List.of("shutdown", "destroyed", "crashed", "migrated", "saved", "failed", "from snapshot"),
            List.of("finished", "guest", "host"),
            List.of("memory", "disk"),
            List.of("panicked", "crashloaded"));
    private static final List<NetworkEvent.Type> NETWORK_TYPES = List.of(NetworkEvent.Type.DEFINED,
            NetworkEvent.Type.UNDEFINED, NetworkEvent.Type.STARTED, NetworkEvent.Type.STOPPED);
    /** libvirt's pool events: defined, undefined, started, stopped, created (built), deleted. */
    private static final List<PoolEvent.Type> POOL_TYPES = List.of(PoolEvent.Type.DEFINED, PoolEvent.Type.UNDEFINED,
            PoolEvent.Type.STARTED, PoolEvent.Type.STOPPED, PoolEvent.Type.REFRESHED, PoolEvent.Type.REFRESHED);
    /** {@code virConnectCloseReason}, in words for "Disconnected (reason)". */
    private static final List<String> CLOSE_REASONS = List.of("connection error", "end of file from the server",
            "keepalive timeout", "closed by the client");

    private final EventBus bus;
    private final LibvirtStorage storage;
    private final ExecutorService publisher;
    private volatile Optional<String> disconnected = Optional.empty();

    LibvirtEvents(EventBus bus, LibvirtStorage storage, String uri) {
        this.bus = bus;
        this.storage = storage;
        this.publisher = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "libvirt events " + uri);
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * libvirt numbers lifecycle events in the order core lists its types, up to shutdown;
     * a domain suspended to memory or disk (pmsuspended) and a crashed one that stays (crashed)
     * read as suspended: still there, not running, with the summary's state saying which.
     */
    static DomainEvent.Type domainType(int event) {
        return event >= 0 && event < DOMAIN_TYPES.size() ? DOMAIN_TYPES.get(event) : DomainEvent.Type.DEFINED;
    }

    static String domainDetail(int event, int detail) {
        if (event < 0 || event >= DOMAIN_DETAILS.size() || detail < 0 || detail >= DOMAIN_DETAILS.get(event).size()) {
            return "unknown";
        }
        return DOMAIN_DETAILS.get(event).get(detail);
    }

    /** Why libvirt closed the connection, once it has; empty while it is open. */
    Optional<String> disconnected() {
        return disconnected;
    }

    @Override
    public void domainLifecycle(VirDomain domain, int event, int detail) {
        queue(domain, () -> new DomainEvent(domainAfter(domain), domainType(event), domainDetail(event, detail)));
    }

    @Override
    public void domainRebooted(VirDomain domain) {
        queue(domain, () -> new DomainEvent(domainAfter(domain), DomainEvent.Type.REBOOTED, "rebooted"));
    }

    @Override
    public void networkLifecycle(VirNetwork network, int event, int detail) {
        queue(network, () -> new NetworkEvent(networkAfter(network),
                NETWORK_TYPES.get(Math.min(Math.max(event, 0), NETWORK_TYPES.size() - 1))));
    }

    @Override
    public void poolLifecycle(VirStoragePool pool, int event, int detail) {
        queue(pool, () -> new PoolEvent(poolAfter(pool),
                POOL_TYPES.get(Math.min(Math.max(event, 0), POOL_TYPES.size() - 1))));
    }

    @Override
    public void poolRefreshed(VirStoragePool pool) {
        queue(pool, () -> new PoolEvent(poolAfter(pool), PoolEvent.Type.REFRESHED));
    }

    /** Remembers why, then tells listeners after the events libvirt delivered before the close. */
    @Override
    public void connectionClosed(int reason) {
        String words = reason >= 0 && reason < CLOSE_REASONS.size() ? CLOSE_REASONS.get(reason) : "reason " + reason;
        disconnected = Optional.of(words);
        LOG.log(Level.INFO, "libvirt closed the connection: " + words);
        try {
            publisher.execute(() -> bus.publish(new ConnectionClosedEvent(words)));
        } catch (RejectedExecutionException closing) {
            // The application closed the connection itself meanwhile; nobody listens any more.
        }
    }

    /**
     * The domain's summary now; one that is gone (undefined while off, a transient one stopped)
     * keeps its name and UUID and reads as shut off and not persistent, so listeners drop it.
     */
    private static DomainSummary domainAfter(VirDomain domain) {
        return Lookups.optional(LibvirtError.NO_DOMAIN, () -> LibvirtDomains.summary(domain))
                .orElseGet(() -> new DomainSummary(domain.name(), UUID.fromString(domain.uuid()), -1, DomainState.SHUTOFF,
                        StateReason.UNKNOWN, false, false));
    }

    private static NetworkSummary networkAfter(VirNetwork network) {
        return Lookups.optional(LibvirtError.NO_NETWORK, () -> LibvirtNetworks.summary(network))
                .orElseGet(() -> new NetworkSummary(network.name(), UUID.fromString(network.uuid()), false, false, false, ""));
    }

    private PoolSummary poolAfter(VirStoragePool pool) {
        return Lookups.optional(LibvirtError.NO_STORAGE_POOL, () -> storage.summary(pool))
                .orElseGet(() -> new PoolSummary(pool.name(), UUID.fromString(pool.uuid()), "", false, false, false, 0, 0, 0));
    }

    private void queue(NativeHandle handle, Supplier<LifecycleEvent> event) {
        try {
            publisher.execute(() -> {
                try (handle) {
                    bus.publish(event.get());
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "could not publish a libvirt event", e);
                }
            });
        } catch (RejectedExecutionException closing) {
            handle.close();
        }
    }

    /** Stops publishing; events already queued are delivered first. */
    void shutdown() {
        publisher.shutdown();
        try {
            publisher.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
