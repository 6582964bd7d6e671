package org.virtfx.core.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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

    /**
     * The LXC churn race: a start waited for the domain's lock while this process's watcher held
     * it to handle the end of the domain's (transient) container and dropped the domain; the
     * start must then find no domain rather than run for an object nobody lists.
     */
    @Test
    void aJobThatWaitedForTheLockWhileItsDomainLeftTheListDoesNothing(@TempDir Path locksDirectory)
            throws Exception {
        DomainLocks locks = new DomainLocks(locksDirectory, Duration.ofSeconds(30));
        DomainJobs locking = new DomainJobs(list, events, locks);
        web.activate("process", 1, DomainState.RUNNING, StateReason.BOOTED);
        list.undefine(web, () -> { });
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread watcher = new Thread(() -> locks.holdIfFree(WEB, () -> {
            held.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            list.stopped(web, StateReason.DESTROYED);
        }));
        watcher.start();
        held.await();
        AtomicBoolean ran = new AtomicBoolean();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Thread start = new Thread(() -> {
            try {
                locking.run(web, "start", () -> {
                    ran.set(true);
                    return null;
                });
            } catch (RuntimeException e) {
                failure.set(e);
            }
        });
        start.start();
        while (start.getState() != Thread.State.TIMED_WAITING && start.isAlive()) {
            Thread.sleep(1);
        }
        release.countDown();
        watcher.join();
        start.join();
        assertFalse(ran.get(), "the start ran on a domain no longer listed");
        assertEquals(ErrorCode.NO_DOMAIN, ((VirtException) failure.get()).code());
    }
}
