package org.virtfx.app.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.virtfx.app.ui.UiChangeQueue;
import org.virtfx.core.task.BackgroundTask;

/**
 * The UI thread is played by the test thread: it runs whatever the executor hands over, so
 * the test sees exactly what would run on the FX thread and when.
 */
class FxTaskExecutorTest {
    private final LinkedBlockingQueue<Runnable> uiThread = new LinkedBlockingQueue<>();
    private final FxTaskExecutor executor = new FxTaskExecutor(FxTaskExecutor.workerPool(2),
            new UiChangeQueue(uiThread::add));

    @AfterEach
    void stop() {
        executor.close();
    }

    private void runUiUntil(java.util.function.BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!done.getAsBoolean()) {
            Runnable r = uiThread.poll(100, TimeUnit.MILLISECONDS);
            if (r != null) {
                r.run();
            }
            assertTrue(System.nanoTime() < deadline, "timed out");
        }
    }

    @Test
    void workRunsOnAWorkerAndContinuationsOnTheUiThread() throws InterruptedException {
        Thread ui = Thread.currentThread();
        List<String> seen = new ArrayList<>();
        executor.execute(BackgroundTask.of("answer", p -> {
            seen.add(Thread.currentThread() == ui ? "work on ui" : "work on worker");
            return 42;
        }).onSuccess(v -> seen.add("success " + v + (Thread.currentThread() == ui ? " on ui" : " elsewhere")))
                .onFinished(() -> seen.add("finished")));
        runUiUntil(() -> seen.contains("finished"));
        assertEquals(List.of("work on worker", "success 42 on ui", "finished"), seen);
    }

    @Test
    void aRunningTaskIsListedWithItsProgressUntilItEnds() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch reported = new CountDownLatch(1);
        executor.execute(BackgroundTask.ofAction("Starting vm1", () -> { }));
        executor.execute(BackgroundTask.of("Copying disk", p -> {
            p.update(0.5, "half way");
            reported.countDown();
            release.await();
            return null;
        }));
        assertTrue(reported.await(5, TimeUnit.SECONDS));
        runUiUntil(() -> executor.runningTasks().size() == 1
                && executor.runningTasks().get(0).progressProperty().get() == 0.5);
        RunningTask task = executor.runningTasks().get(0);
        assertEquals("Copying disk", task.title());
        assertEquals("half way", task.messageProperty().get());
        release.countDown();
        runUiUntil(() -> executor.runningTasks().isEmpty());
    }

    @Test
    void failuresReachTheFailureContinuation() throws InterruptedException {
        List<String> seen = new ArrayList<>();
        executor.execute(BackgroundTask.of("broken", p -> {
            throw new IllegalStateException("Domain is already active");
        }).onSuccess(v -> seen.add("success")).onFailure(e -> seen.add(e.getMessage()))
                .onFinished(() -> seen.add("finished")));
        runUiUntil(() -> seen.contains("finished"));
        assertEquals(List.of("Domain is already active", "finished"), seen);
    }

    @Test
    void aTaskCancelledBeforeItsTurnNeverRuns() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        List<String> ran = new java.util.concurrent.CopyOnWriteArrayList<>();
        // Two workers: occupy both so the third task waits in the queue.
        for (int i = 0; i < 2; i++) {
            executor.execute(BackgroundTask.ofAction("blocker", release::await));
        }
        boolean[] finished = {false};
        var handle = executor.execute(BackgroundTask.ofAction("late", () -> ran.add("late"))
                .onFinished(() -> finished[0] = true));
        handle.cancel();
        release.countDown();
        runUiUntil(() -> finished[0]);
        assertFalse(ran.contains("late"));
    }
}
