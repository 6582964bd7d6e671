package org.virtfx.core.task;

/**
 * Runs each task at once on the calling thread, continuations included: for tests and for the
 * command line, where there is no UI thread to protect.
 */
public final class CurrentThreadTaskExecutor implements TaskExecutor {

    @Override
    public <T> TaskHandle execute(BackgroundTask<T> task) {
        task.runWithContinuations(TaskProgress.NONE);
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
