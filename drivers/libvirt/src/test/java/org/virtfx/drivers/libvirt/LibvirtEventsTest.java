package org.virtfx.drivers.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.virtfx.core.connect.ConnectionUri;
import org.virtfx.core.domain.DomainState;
import org.virtfx.core.event.DomainEvent;
import org.virtfx.core.event.EventSource;
import org.virtfx.core.event.LifecycleEvent;
import org.virtfx.core.event.NetworkEvent;
import org.virtfx.core.event.PoolEvent;
import org.virtfx.drivers.libvirt.binding.ConnectAuth;

/** libvirt's callbacks, delivered by its event loop, become core's events with the summary after the change. */
class LibvirtEventsTest {
    private static final UUID TEST = UUID.fromString("6695eb01-f6a4-8304-79aa-97f2502e193f");
    private LibvirtConnection connection;
    private final BlockingQueue<LifecycleEvent> heard = new LinkedBlockingQueue<>();
    private EventSource.Subscription subscription;

    @BeforeEach
    void open() {
        connection = LibvirtConnection.open(ConnectionUri.parse("test:///default"), ConnectAuth.NONE);
        subscription = connection.events().subscribe(heard::add);
    }

    @AfterEach
    void close() {
        subscription.close();
        connection.close();
    }

    private LifecycleEvent next() throws InterruptedException {
        LifecycleEvent event = heard.poll(5, TimeUnit.SECONDS);
        assertTrue(event != null, "no event within 5 s");
        return event;
    }

    @Test
    void domainLifecycleEventsCarryTheSummaryAfterTheChange() throws InterruptedException {
        var domains = connection.domains();
        domains.suspend(TEST);
        DomainEvent paused = (DomainEvent) next();
        assertEquals(DomainEvent.Type.SUSPENDED, paused.type());
        assertEquals("paused", paused.detail());
        assertEquals(DomainState.PAUSED, paused.domain().state());
        domains.resume(TEST);
        assertEquals("unpaused", ((DomainEvent) next()).detail());
        domains.destroy(TEST);
        DomainEvent stopped = (DomainEvent) next();
        assertEquals(DomainEvent.Type.STOPPED, stopped.type());
        assertEquals("destroyed", stopped.detail());
        assertEquals(-1, stopped.domain().id());
        domains.start(TEST);
        DomainEvent started = (DomainEvent) next();
        assertEquals(DomainEvent.Type.STARTED, started.type());
        assertEquals("booted", started.detail());
        assertTrue(started.domain().isActive());
    }

    /** libvirt's test driver restarts a domain on reboot without an event; a guest shutdown stops it with one. */
    @Test
    void aShutdownIsHeardAsStopped() throws InterruptedException {
        connection.domains().reboot(TEST);
        connection.domains().shutdown(TEST);
        DomainEvent stopped = (DomainEvent) next();
        assertEquals(DomainEvent.Type.STOPPED, stopped.type());
        assertEquals("shutdown", stopped.detail());
        assertEquals(DomainState.SHUTOFF, stopped.domain().state());
        assertEquals(null, heard.poll(300, TimeUnit.MILLISECONDS));
    }

    @Test
    void anUndefinedDomainReadsAsGone() throws InterruptedException {
        var domains = connection.domains();
        domains.destroy(TEST);
        next();
        domains.undefine(TEST);
        DomainEvent undefined = (DomainEvent) next();
        assertEquals(DomainEvent.Type.UNDEFINED, undefined.type());
        assertEquals("removed", undefined.detail());
        assertEquals(TEST, undefined.domain().uuid());
        assertFalse(undefined.domain().exists());
    }

    @Test
    void networkAndPoolEventsArrive() throws InterruptedException {
        var networks = connection.networks();
        UUID net = networks.lookup("default").uuid();
        networks.destroy(net);
        NetworkEvent stopped = (NetworkEvent) next();
        assertEquals(NetworkEvent.Type.STOPPED, stopped.type());
        assertFalse(stopped.network().active());
        networks.start(net);
        assertEquals(NetworkEvent.Type.STARTED, ((NetworkEvent) next()).type());

        var storage = connection.storage();
        UUID pool = storage.lookupPool("default-pool").uuid();
        storage.stopPool(pool);
        PoolEvent poolStopped = (PoolEvent) next();
        assertEquals(PoolEvent.Type.STOPPED, poolStopped.type());
        assertEquals("default-pool", poolStopped.pool().name());
        assertFalse(poolStopped.pool().active());
    }

    @Test
    void detailWordsFollowLibvirtsNumbering() {
        assertEquals(DomainEvent.Type.SHUTDOWN, LibvirtEvents.domainType(6));
        assertEquals("guest", LibvirtEvents.domainDetail(6, 1));
        assertEquals(DomainEvent.Type.SUSPENDED, LibvirtEvents.domainType(8), "crashed but still there");
        assertEquals("saved", LibvirtEvents.domainDetail(5, 4));
        assertEquals("unknown", LibvirtEvents.domainDetail(5, 99));
    }

    /**
     * Closing waits for the event loop to drop what it held for the connection, so once the last
     * connection is closed libvirt's test:///default starts afresh, however busy events were.
     */
    @Test
    void theLastCloseLeavesNoStateBehindEvenWhileEventsFlow() {
        connection.close();
        for (int i = 0; i < 20; i++) {
            try (LibvirtConnection held = LibvirtConnection.open(ConnectionUri.parse("test:///default"),
                    ConnectAuth.NONE)) {
                assertEquals(DomainState.RUNNING, held.domains().lookup("test").state(), "round " + i);
                try (LibvirtConnection other = LibvirtConnection.open(ConnectionUri.parse("test:///default"),
                        ConnectAuth.NONE)) {
                    other.domains().suspend(TEST);
                    other.domains().resume(TEST);
                }
                held.domains().destroy(TEST);
            }
        }
        connection = LibvirtConnection.open(ConnectionUri.parse("test:///default"), ConnectAuth.NONE);
        subscription = connection.events().subscribe(heard::add);
    }

    @Test
    void nothingArrivesAfterClose() throws InterruptedException {
        LibvirtConnection other = LibvirtConnection.open(ConnectionUri.parse("test:///default"), ConnectAuth.NONE);
        BlockingQueue<LifecycleEvent> late = new LinkedBlockingQueue<>();
        other.events().subscribe(late::add);
        other.close();
        connection.domains().suspend(TEST);
        next();
        assertEquals(null, late.poll(300, TimeUnit.MILLISECONDS));
    }
}
