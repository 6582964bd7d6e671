package org.virtfx.plumbing.netdev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/**
 * How requests of concurrent callers are gathered: everything that arrives while a batch is in
 * flight goes in the next one, each caller gets its own answer, and a refusal stays with its
 * own request. No devices: the batches are carried out by the test.
 */
class RequestBatchesTest {
    private static final int CALLERS = 40;

    /** Carries out batches as the test says; the first one waits until the test lets it go. */
    private static final class Kernel {
        final List<List<Integer>> batches = new ArrayList<>();
        final CountDownLatch firstArrived = new CountDownLatch(1);
        final CountDownLatch releaseFirst = new CountDownLatch(1);

        List<RequestBatches.Outcome<String>> carryOut(List<Integer> requests) {
            synchronized (batches) {
                batches.add(requests);
            }
            if (firstArrived.getCount() > 0) {
                firstArrived.countDown();
                await(releaseFirst);
            }
            return requests.stream().map(n -> n % 7 == 3
                    ? RequestBatches.Outcome.<String>failed(VirtException.of(ErrorCode.OPERATION_FAILED,
                    "name " + n + " is taken"))
                    : RequestBatches.Outcome.of("answer " + n)).toList();
        }
    }

    @Test
    void requestsArrivingDuringABatchGoTogetherInTheNextAndEachGetsItsOwnAnswer() throws Exception {
        Kernel kernel = new Kernel();
        RequestBatches<Integer, String> batches = new RequestBatches<>(kernel::carryOut);
        ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
        try {
            Future<String> first = pool.submit(() -> batches.submit(0));
            assertTrue(kernel.firstArrived.await(10, TimeUnit.SECONDS));
            List<Future<String>> rest = new ArrayList<>();
            for (int n = 1; n < CALLERS; n++) {
                int request = n;
                rest.add(pool.submit(() -> batches.submit(request)));
            }
            waitUntilQueued(batches, CALLERS - 1);
            kernel.releaseFirst.countDown();

            assertEquals("answer 0", first.get(10, TimeUnit.SECONDS));
            for (int n = 1; n < CALLERS; n++) {
                Future<String> answer = rest.get(n - 1);
                if (n % 7 == 3) {
                    ExecutionException e = assertThrows(ExecutionException.class,
                            () -> answer.get(10, TimeUnit.SECONDS));
                    assertInstanceOf(VirtException.class, e.getCause());
                    assertTrue(e.getCause().getMessage().contains("name " + n + " is taken"), e.getCause().getMessage());
                } else {
                    assertEquals("answer " + n, answer.get(10, TimeUnit.SECONDS));
                }
            }
            assertEquals(2, kernel.batches.size(), "batches: " + kernel.batches);
            assertEquals(CALLERS - 1, kernel.batches.get(1).size(), "the second batch takes every waiting caller");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aBatchThatBreaksWholeFailsEveryCallerInItInsteadOfLeavingThemWaiting() throws Exception {
        CountDownLatch inFirst = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        RequestBatches<Integer, String> batches = new RequestBatches<>(requests -> {
            if (requests.contains(0)) {
                inFirst.countDown();
                await(releaseFirst);
                return List.of(RequestBatches.Outcome.of("answer 0"));
            }
            throw new IllegalStateException("netlink sockets are closed");
        });
        ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
        try {
            Future<String> first = pool.submit(() -> batches.submit(0));
            assertTrue(inFirst.await(10, TimeUnit.SECONDS));
            List<Future<String>> rest = new ArrayList<>();
            for (int n = 1; n < CALLERS; n++) {
                int request = n;
                rest.add(pool.submit(() -> batches.submit(request)));
            }
            waitUntilQueued(batches, CALLERS - 1);
            releaseFirst.countDown();

            assertEquals("answer 0", first.get(10, TimeUnit.SECONDS));
            for (Future<String> answer : rest) {
                ExecutionException e = assertThrows(ExecutionException.class,
                        () -> answer.get(10, TimeUnit.SECONDS));
                assertEquals("netlink sockets are closed", e.getCause().getMessage());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aLoneCallerIsAnsweredAtOnce() {
        RequestBatches<Integer, String> batches = new RequestBatches<>(requests -> requests.stream()
                .map(n -> RequestBatches.Outcome.of("answer " + n)).toList());

        assertEquals("answer 5", batches.submit(5));
        assertEquals("answer 6", batches.submit(6));
    }

    /** Waits until {@code count} callers gather behind the batch in flight. */
    private static void waitUntilQueued(RequestBatches<?, ?> batches, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (batches.waitingCount() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + batches.waitingCount() + " of " + count + " callers gathered");
            }
            Thread.sleep(1);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("the test never released the batch");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
