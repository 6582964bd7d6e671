package org.virtfx.drivers.lxc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

class StartGateTest {

    @Test
    @Timeout(30)
    void manyStartsAskedAtOnceRunAtMostTheGatesSizeAtATimeAndAllRun() throws Exception {
        StartGate gate = new StartGate(3);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger ran = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService callers = Executors.newFixedThreadPool(40);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String name = "c" + i;
                done.add(callers.submit(() -> {
                    go.await();
                    return gate.pass(name, () -> {
                        most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                        Thread.yield();
                        ran.incrementAndGet();
                        inside.decrementAndGet();
                        return null;
                    });
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(20, TimeUnit.SECONDS);
            }
        } finally {
            callers.shutdownNow();
        }
        assertEquals(40, ran.get());
        assertTrue(most.get() <= 3, "starts at once: " + most.get());
    }

    @Test
    void aFailedStartGivesItsPlaceBack() {
        StartGate gate = new StartGate(1);
        assertThrows(VirtException.class, () -> gate.pass("broken", () -> {
            throw VirtException.of(ErrorCode.OPERATION_FAILED, "cannot start container");
        }));
        assertEquals("next", gate.pass("next", () -> "next"));
    }

    @Test
    @Timeout(30)
    void aStartInterruptedWhileWaitingForAPlaceIsAbortedNamingTheDomain() throws Exception {
        StartGate gate = new StartGate(1);
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> gate.pass("first", () -> {
            holding.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        holder.start();
        holding.await();
        AtomicReference<VirtException> failure = new AtomicReference<>();
        Thread waiter = new Thread(() -> {
            try {
                gate.pass("web1", () -> null);
            } catch (VirtException e) {
                failure.set(e);
            }
        });
        waiter.start();
        while (waiter.getState() != Thread.State.WAITING) {
            Thread.onSpinWait();
        }
        waiter.interrupt();
        waiter.join();
        release.countDown();
        holder.join();
        assertEquals(ErrorCode.OPERATION_ABORTED, failure.get().code());
        assertTrue(failure.get().getMessage().contains("'web1'"), failure.get().getMessage());
    }

    @Test
    void aGateWithoutRoomIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new StartGate(0));
        assertTrue(e.getMessage().contains("not 0"), e.getMessage());
    }
}
