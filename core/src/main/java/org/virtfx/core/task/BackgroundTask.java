package org.virtfx.core.task;

import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

/**
 * A piece of long work with a title, reporting progress, that may be cancelled, and the
 * continuations to run when it ends. A {@link TaskExecutor} decides where the work and the
 * continuations run: the application runs the work on a worker and the continuations on the
 * UI thread.
 */
public final class BackgroundTask<T> {
    private final String title;
    private final Work<T> work;
    private Consumer<? super T> onSuccess = value -> { };
    private Consumer<? super Exception> onFailure = error -> { };
    private Runnable onFinished = () -> { };

    private BackgroundTask(String title, Work<T> work) {
        this.title = Objects.requireNonNull(title);
        this.work = Objects.requireNonNull(work);
    }

    /** The work itself, given a way to report progress and to see a cancel request. */
    @FunctionalInterface
    public interface Work<T> {
        T run(TaskProgress progress) throws Exception;
    }

    /** Work with no result. */
    @FunctionalInterface
    public interface Action {
        void run() throws Exception;
    }

    public static <T> BackgroundTask<T> of(String title, Work<T> work) {
        return new BackgroundTask<>(title, work);
    }

    public static BackgroundTask<Void> ofAction(String title, Action action) {
        return new BackgroundTask<>(title, progress -> {
            action.run();
            return null;
        });
    }

    public BackgroundTask<T> onSuccess(Consumer<? super T> continuation) {
        this.onSuccess = Objects.requireNonNull(continuation);
        return this;
    }

    public BackgroundTask<T> onFailure(Consumer<? super Exception> continuation) {
        this.onFailure = Objects.requireNonNull(continuation);
        return this;
    }

    /** Runs after success, failure or cancellation alike. */
    public BackgroundTask<T> onFinished(Runnable continuation) {
        this.onFinished = Objects.requireNonNull(continuation);
        return this;
    }

    public String title() {
        return title;
    }

    public T run(TaskProgress progress) throws Exception {
        return work.run(progress);
    }

    /**
     * Runs the work and then its continuations, all on the calling thread: for executors
     * without a UI thread to hand the continuations to.
     */
    public void runWithContinuations(TaskProgress progress) {
        try {
            succeeded(run(progress));
        } catch (CancellationException e) {
            // Cancelled work has no outcome to report.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed(e);
        } catch (Exception e) {
            failed(e);
        } finally {
            finished();
        }
    }

    public void succeeded(T value) {
        onSuccess.accept(value);
    }

    public void failed(Exception error) {
        onFailure.accept(error);
    }

    public void finished() {
        onFinished.run();
    }
}
