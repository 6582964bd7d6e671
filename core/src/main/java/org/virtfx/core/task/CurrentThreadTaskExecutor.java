package org.virtfx.core.task;

import java.util.concurrent.CancellationException;

/**
 * Runs each task at once on the calling thread, continuations included: for tests and for the
 * command line, where there is no UI thread to protect.
 */
public final class CurrentThreadTaskExecutor implements TaskExecutor {

    @Override
    public <T> TaskHandle execute(BackgroundTask<T> task) {
        try {
            T value = task.run(TaskProgress.NONE);
            task.succeeded(value);
        } catch (CancellationException e) {
            // Cancelled work has no outcome to report.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            task.failed(e);
        } catch (Exception e) {
            task.failed(e);
        } finally {
            task.finished();
        }
        return DONE;
    }

    private static final TaskHandle DONE = new TaskHandle() {
        @Override
        public void cancel() {
        }

        @Override
        public boolean isDone() {
            return true;
        }
    };
}
