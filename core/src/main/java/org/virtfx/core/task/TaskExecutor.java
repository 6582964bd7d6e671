package org.virtfx.core.task;

/** Runs background tasks; the application's executor keeps them off the UI thread. */
public interface TaskExecutor {

    <T> TaskHandle execute(BackgroundTask<T> task);

    /** A running or finished task, to cancel or wait on. */
    interface TaskHandle {
        void cancel();

        boolean isDone();
    }
}
