package org.virtfx.core.task;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs tasks on a fixed pool of daemon workers, continuations included, for callers with no
 * UI thread (the command line). Closing it waits for the tasks already given.
 */
public final class WorkerPoolTaskExecutor implements TaskExecutor, AutoCloseable {
    private final ExecutorService pool;

    public WorkerPoolTaskExecutor(int workers) {
        AtomicInteger count = new AtomicInteger();
        pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "virtfx-worker-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public <T> TaskHandle execute(BackgroundTask<T> task) {
        Future<?> future = pool.submit(() -> task.runWithContinuations(TaskProgress.NONE));
        return new TaskHandle() {
            @Override
            public void cancel() {
                future.cancel(true);
            }

            @Override
            public boolean isDone() {
                return future.isDone();
            }
        };
    }

    @Override
    public void close() {
        pool.shutdown();
        try {
            pool.awaitTermination(1, TimeUnit.HOURS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
