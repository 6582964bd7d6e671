package org.virtfx.core.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.virtfx.core.domain.DomainState;
import org.virtfx.core.domain.StateReason;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.event.DomainEvent;
import org.virtfx.core.event.EventBus;

class DomainJobsTest {
    private static final UUID WEB = UUID.fromString("11111111-2222-3333-4444-555555555555");
    private final DomainObjectList<String> list = new DomainObjectList<>();
    private final EventBus events = new EventBus();
    private final DomainJobs jobs = new DomainJobs(list, events);
    private final DomainObject<String> web = list.define(DomainObjectListTest.definition("web", WEB), d -> { }).domain();

    @Test
    void eventsArriveOnceTheJobAndEveryLockAreReleased() {
        List<String> seen = new ArrayList<>();
        events.subscribe(event -> {
            seen.add(((DomainEvent) event).type() + " job=" + web.job().runningJob()
                    + " domainLock=" + Thread.holdsLock(web) + " listLock=" + Thread.holdsLock(list));
            // A listener may start the next job itself.
            jobs.call(web, "query-in-listener", () -> null);
        });
        jobs.run(web, "start", () -> {
            web.activate("process", 1, DomainState.RUNNING, StateReason.BOOTED);
            return new DomainEvent(web.summary(), DomainEvent.Type.STARTED, "booted");
        });
        assertEquals(List.of("STARTED job=null domainLock=false listLock=false"), seen);
    }

    @Test
    void anEventPublishedUnderALockIsRefused() {
        DomainEvent event = new DomainEvent(web.summary(), DomainEvent.Type.DEFINED, "updated");
        synchronized (web) {
            assertThrows(IllegalStateException.class, () -> jobs.publish(event));
        }
        synchronized (list) {
            assertThrows(IllegalStateException.class, () -> jobs.publish(event));
        }
    }

    @Test
    void workWithoutAnEventPublishesNothing() {
        List<Object> seen = new ArrayList<>();
        events.subscribe(seen::add);
        jobs.run(web, "reset", () -> null);
        assertEquals(List.of(), seen);
    }

    @Test
    void queriesNeverWaitBehindAJob() throws Exception {
        CountDownLatch inJob = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        Thread slow = new Thread(() -> jobs.call(web, "start", () -> {
            inJob.countDown();
            try {
                finish.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        slow.start();
        inJob.await();
        assertEquals("start", web.job().runningJob());
        assertEquals(DomainState.SHUTOFF, web.summary().state());
        assertEquals(1, list.summaries().size());
        assertTrue(list.byName("web").isPresent());
        finish.countDown();
        slow.join();
        assertNull(web.job().runningJob());
    }

    @Test
    void aJobOnADomainThatWasRemovedMeanwhileFindsNoDomain() {
        list.undefine(web, () -> { });
        VirtException gone = assertThrows(VirtException.class, () -> jobs.run(web, "start", () -> {
            web.activate("process", 1, DomainState.RUNNING, StateReason.BOOTED);
            return null;
        }));
        assertEquals(ErrorCode.NO_DOMAIN, gone.code());
        assertFalse(web.isActive());
    }
}
