package org.virtfx.app.task;

import java.util.Optional;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * A task as the task view shows it: title, progress and message, and a way to cancel it. The
 * properties change on the UI thread only; {@link #cancel()} may be called from anywhere.
 */
public final class RunningTask {
    private final String title;
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(-1);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("Waiting for a worker…");
    private final ReadOnlyBooleanWrapper started = new ReadOnlyBooleanWrapper();
    private volatile boolean cancelRequested;
    private Exception failure;

    RunningTask(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }

    /** True once a worker runs the task; false while it waits for one. */
    public ReadOnlyBooleanProperty startedProperty() {
        return started.getReadOnlyProperty();
    }

    /** From 0 to 1, or negative while unknown. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /**
     * Asks the task to stop: a task still waiting for a worker never runs; a running one sees
     * the request through its progress object and stops at its next check.
     */
    public void cancel() {
        cancelRequested = true;
    }

    public boolean isCancelRequested() {
        return cancelRequested;
    }

    /** Why the task failed, once it has; empty while it runs and after a success. UI thread only. */
    public Optional<Exception> failure() {
        return Optional.ofNullable(failure);
    }

    void fail(Exception why) {
        failure = why;
    }

    void start() {
        started.set(true);
    }

    void report(double fraction, String text) {
        progress.set(fraction);
        if (text != null) {
            message.set(text);
        }
    }

    @Override
    public String toString() {
        return title;
    }
}
