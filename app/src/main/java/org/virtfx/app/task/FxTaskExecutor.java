package org.virtfx.app.task;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.virtfx.app.ui.UiChangeQueue;
import org.virtfx.core.task.BackgroundTask;
import org.virtfx.core.task.TaskExecutor;
import org.virtfx.core.task.TaskProgress;

/**
 * Runs background tasks on a bounded pool of worker threads and delivers their continuations,
 * progress and the list of running tasks on the UI thread, through the {@link UiChangeQueue}.
 * The pool is small on purpose: drivers serialise state changes per domain anyway, and a bulk
 * start of hundreds of domains should queue, not spawn hundreds of threads.
 */
public final class FxTaskExecutor implements TaskExecutor, AutoCloseable {
    private static final Logger LOG = System.getLogger(FxTaskExecutor.class.getName());

    private final ExecutorService workers;
    private final UiChangeQueue ui;
    private final ObservableList<RunningTask> running = FXCollections.observableArrayList();

    public FxTaskExecutor(ExecutorService workers, UiChangeQueue ui) {
        this.workers = workers;
        this.ui = ui;
    }

    /** A pool of {@code threads} daemon workers, named for thread dumps. */
    public static ExecutorService workerPool(int threads) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = work -> {
            Thread thread = new Thread(work, "virtfx-worker-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        return Executors.newFixedThreadPool(threads, factory);
    }

    /** Tasks queued or running; read and observed on the UI thread only. */
    public ObservableList<RunningTask> runningTasks() {
        return running;
    }

    @Override
    public <T> TaskHandle execute(BackgroundTask<T> task) {
        RunningTask shown = new RunningTask(task.title());
        ui.post(() -> running.add(shown));
        Progress progress = new Progress(shown);
        var future = workers.submit(() -> runOnWorker(task, shown, progress));
        return new TaskHandle() {
            @Override
            public void cancel() {
                shown.cancel();
            }

            @Override
            public boolean isDone() {
                return future.isDone();
            }
        };
    }

    private <T> void runOnWorker(BackgroundTask<T> task, RunningTask shown, Progress progress) {
        if (shown.isCancelRequested()) {
            ui.post(() -> {
                running.remove(shown);
                task.finished();
            });
            return;
        }
        ui.post(() -> {
            shown.start();
            shown.report(-1, "Running");
        });
        try {
            T value = task.run(progress);
            ui.post(() -> {
                running.remove(shown);
                try {
                    task.succeeded(value);
                } finally {
                    task.finished();
                }
            });
        } catch (CancellationException cancelled) {
            ui.post(() -> {
                running.remove(shown);
                task.finished();
            });
        } catch (Exception | Error e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.log(Level.DEBUG, "task failed: " + task.title(), e);
            Exception failure = e instanceof Exception ex ? ex : new RuntimeException(e);
            ui.post(() -> {
                shown.fail(failure);
                running.remove(shown);
                try {
                    task.failed(failure);
                } finally {
                    task.finished();
                }
            });
        }
    }

    /** Stops taking tasks and lets the running ones finish, briefly. */
    @Override
    public void close() {
        workers.shutdown();
        try {
            workers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Progress reports from a worker. Only the latest report matters to the view, so reports
     * that arrive faster than the UI takes them replace each other instead of queueing.
     */
    private final class Progress implements TaskProgress {
        private final RunningTask shown;
        private final AtomicReference<double[]> fraction = new AtomicReference<>();
        private final AtomicReference<String> message = new AtomicReference<>();

        Progress(RunningTask shown) {
            this.shown = shown;
        }

        @Override
        public void update(double value, String text) {
            message.set(text);
            if (fraction.getAndSet(new double[] {value}) == null) {
                ui.post(() -> shown.report(fraction.getAndSet(null)[0], message.get()));
            }
        }

        @Override
        public boolean isCancelled() {
            return shown.isCancelRequested();
        }
    }
}
