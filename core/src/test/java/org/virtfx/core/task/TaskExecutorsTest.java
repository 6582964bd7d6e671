package org.virtfx.core.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TaskExecutorsTest {

    @Test
    void currentThreadExecutorRunsWorkAndContinuationsInOrder() {
        List<String> seen = new CopyOnWriteArrayList<>();
        new CurrentThreadTaskExecutor().execute(BackgroundTask.of("answer", progress -> 42)
                .onSuccess(v -> seen.add("success " + v))
                .onFailure(e -> seen.add("failure"))
                .onFinished(() -> seen.add("finished")));
        new CurrentThreadTaskExecutor().execute(BackgroundTask.ofAction("broken", () -> {
                    throw new IOException("disk on fire");
                })
                .onFailure(e -> seen.add("failure " + e.getMessage()))
                .onFinished(() -> seen.add("finished")));
        assertEquals(List.of("success 42", "finished", "failure disk on fire", "finished"), seen);
    }

    @Test
    void workerPoolRunsTasksAtTheSameTime() throws Exception {
        int tasks = 4;
        CountDownLatch allRunning = new CountDownLatch(tasks);
        CountDownLatch done = new CountDownLatch(tasks);
        try (WorkerPoolTaskExecutor executor = new WorkerPoolTaskExecutor(tasks)) {
            for (int i = 0; i < tasks; i++) {
                // Each task waits until all are running: this finishes only if they run together.
                executor.execute(BackgroundTask.ofAction("wait for the others", () -> {
                    allRunning.countDown();
                    assertTrue(allRunning.await(10, TimeUnit.SECONDS));
                }).onFinished(done::countDown));
            }
            assertTrue(done.await(10, TimeUnit.SECONDS));
        }
    }
}
