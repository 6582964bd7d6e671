package org.virtfx.core.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

class DomainJobTest {

    @Test
    void oneStateChangingJobAtATime() throws Exception {
        DomainJob job = new DomainJob();
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlap = new AtomicInteger();
        Thread[] threads = new Thread[8];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = new Thread(() -> {
                for (int n = 0; n < 200; n++) {
                    job.run("start", () -> {
                        if (inside.incrementAndGet() > 1) {
                            overlap.incrementAndGet();
                        }
                        inside.decrementAndGet();
                        return null;
                    });
                }
            });
            threads[i].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(0, overlap.get());
        assertNull(job.runningJob());
    }

    @Test
    void aSecondJobGivesUpAfterItsWaitNamingTheHolder() throws Exception {
        DomainJob job = new DomainJob(Duration.ofMillis(50));
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> job.run("shutdown", () -> {
            holding.countDown();
            await(release);
            return null;
        }));
        holder.start();
        holding.await();
        assertEquals("shutdown", job.runningJob());
        VirtException e = assertThrows(VirtException.class, () -> job.run("start", () -> null));
        assertEquals(ErrorCode.OPERATION_TIMEOUT, e.code());
        assertEquals("Timed out during operation: cannot acquire state change lock (held by shutdown)", e.getMessage());
        release.countDown();
        holder.join();
    }

    @Test
    void forceOffAbortsTheRunningJobAndRunsNext() throws Exception {
        DomainJob job = new DomainJob();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch killed = new CountDownLatch(1);
        Thread start = new Thread(() -> job.run("start", () -> {
            job.onAbort(killed::countDown);
            started.countDown();
            await(killed);
            assertTrue(job.abortRequested());
            return null;
        }));
        start.start();
        started.await();
        String ran = job.runInterrupting("destroy", () -> "destroyed");
        assertEquals("destroyed", ran);
        start.join(5000);
        assertFalse(start.isAlive());
        assertFalse(job.abortRequested(), "the abort request ends with the job it was meant for");
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
