package org.virtfx.plumbing.netdev;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.virtfx.core.error.VirtException;

/**
 * Requests of concurrent callers carried out in batches: the first caller carries out its own
 * while later ones gather, then one of those carries out everything gathered in one go, and so
 * on. A lone caller sees no difference; a burst of a hundred costs about two turns at the
 * kernel instead of a hundred, each of which would wake a thread and contend for
 * {@code rtnl_lock} on its own.
 *
 * <p>Each request has its own outcome: one refused by the kernel fails its own caller and
 * nobody else's.
 *
 * @param <T> a request
 * @param <R> the answer to one request
 */
final class RequestBatches<T, R> {
    /** What became of one request of a batch: its answer, or the error for that request alone. */
    record Outcome<R>(R value, VirtException failure) {
        static <R> Outcome<R> of(R value) {
            return new Outcome<>(value, null);
        }

        static <R> Outcome<R> failed(VirtException failure) {
            return new Outcome<>(null, failure);
        }
    }

    private record Pending<T, R>(T request, CompletableFuture<R> result) {
    }

    private final Function<List<T>, List<Outcome<R>>> carryOut;
    private final Runnable beforeBatch;
    /** Held by the caller carrying out a batch. */
    private final ReentrantLock carrying = new ReentrantLock();
    private final List<Pending<T, R>> waiting = new ArrayList<>();

    /** @param carryOut carries out a batch, returning one outcome per request, in order */
    RequestBatches(Function<List<T>, List<Outcome<R>>> carryOut) {
        this(carryOut, () -> { });
    }

    /**
     * @param beforeBatch run by the caller about to carry out a batch, before it takes the
     *                    requests waiting: a chance to let more of them gather
     */
    RequestBatches(Function<List<T>, List<Outcome<R>>> carryOut, Runnable beforeBatch) {
        this.carryOut = carryOut;
        this.beforeBatch = beforeBatch;
    }

    /** Returns once the batch being carried out, if any, is done. */
    void awaitBatchInFlight() {
        carrying.lock();
        carrying.unlock();
    }

    /**
     * Waits while requests keep arriving: until none came for {@code quietNanos}, at most
     * {@code maxNanos} in all. Worth it only where a batch costs far more than the wait.
     */
    void awaitStragglers(long quietNanos, long maxNanos) {
        long deadline = System.nanoTime() + maxNanos;
        int seen = waitingCount();
        while (System.nanoTime() < deadline) {
            LockSupport.parkNanos(quietNanos);
            int now = waitingCount();
            if (now == seen) {
                return;
            }
            seen = now;
        }
    }

    /** How many requests wait for the next batch. */
    int waitingCount() {
        synchronized (waiting) {
            return waiting.size();
        }
    }

    /** Carries out {@code request} in the next batch and returns its answer or throws its error. */
    R submit(T request) {
        Pending<T, R> mine = new Pending<>(request, new CompletableFuture<>());
        synchronized (waiting) {
            waiting.add(mine);
        }
        carrying.lock();
        try {
            if (!mine.result().isDone()) {
                beforeBatch.run();
                List<Pending<T, R>> batch;
                synchronized (waiting) {
                    batch = new ArrayList<>(waiting);
                    waiting.clear();
                }
                carryOutBatch(batch);
            }
        } finally {
            carrying.unlock();
        }
        try {
            return mine.result().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof VirtException failure) {
                // The error belongs to this caller's request; give it this caller's stack.
                throw new VirtException(failure.code(), failure.getMessage(), failure.detail(), failure);
            }
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw e;
        }
    }

    private void carryOutBatch(List<Pending<T, R>> batch) {
        try {
            List<Outcome<R>> outcomes = carryOut.apply(batch.stream().map(Pending::request).toList());
            for (int i = 0; i < batch.size(); i++) {
                Outcome<R> outcome = outcomes.get(i);
                if (outcome.failure() != null) {
                    batch.get(i).result().completeExceptionally(outcome.failure());
                } else {
                    batch.get(i).result().complete(outcome.value());
                }
            }
        } catch (RuntimeException | Error e) {
            // A batch that broke as a whole (a closed socket) fails every caller in it: none may
            // wait forever for an answer that is not coming.
            batch.forEach(pending -> pending.result().completeExceptionally(e));
        }
    }
}
