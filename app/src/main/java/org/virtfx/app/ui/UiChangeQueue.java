package org.virtfx.app.ui;

import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one way changes made on worker threads reach the UI: workers post changes, and the
 * queue applies everything posted so far in one batch on the UI thread. A thousand events
 * from a bulk start thus cost one hand-over, not a thousand, and views never schedule work on
 * the FX thread themselves.
 *
 * <p>A batch stops after {@link #BATCH_BUDGET_NANOS} and reschedules the rest, so a flood of
 * changes cannot freeze the window for longer than that.
 */
public final class UiChangeQueue {
    /** Longest time one batch may hold the UI thread; well under a 60 Hz frame's 16 ms. */
    static final long BATCH_BUDGET_NANOS = 8_000_000;

    private final Executor uiThread;
    private final ConcurrentLinkedQueue<Runnable> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    /**
     * @param uiThread runs a runnable on the UI thread, later ({@code Platform::runLater} in
     *     the application; {@code Runnable::run} where there is no toolkit, as in view-model tests)
     */
    public UiChangeQueue(Executor uiThread) {
        this.uiThread = Objects.requireNonNull(uiThread);
    }

    /** Queues a change to the UI state; callable from any thread. */
    public void post(Runnable change) {
        pending.add(Objects.requireNonNull(change));
        if (scheduled.compareAndSet(false, true)) {
            uiThread.execute(this::drain);
        }
    }

    private void drain() {
        // Cleared before polling: a change posted while we drain either is polled below or
        // schedules a fresh drain, so none is ever stranded.
        scheduled.set(false);
        long deadline = System.nanoTime() + BATCH_BUDGET_NANOS;
        Runnable change;
        while ((change = pending.poll()) != null) {
            change.run();
            if (System.nanoTime() > deadline && !pending.isEmpty()) {
                if (scheduled.compareAndSet(false, true)) {
                    uiThread.execute(this::drain);
                }
                return;
            }
        }
    }
}
