package org.virtfx.app.manager;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Runs work after a delay, and tells the time: the manager's clock for autoconnect retries. */
public interface RetryTimer {

    /** Runs {@code work} on a timer thread after {@code delay}; the result cancels it. */
    Runnable after(Duration delay, Runnable work);

    Instant now();

    /** A timer on one daemon thread and the system clock. */
    static RetryTimer daemon() {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(work -> {
            Thread thread = new Thread(work, "virtfx-autoconnect-retry");
            thread.setDaemon(true);
            return thread;
        });
        return new RetryTimer() {
            @Override
            public Runnable after(Duration delay, Runnable work) {
                ScheduledFuture<?> scheduled = timer.schedule(work, delay.toMillis(), TimeUnit.MILLISECONDS);
                return () -> scheduled.cancel(false);
            }

            @Override
            public Instant now() {
                return Instant.now();
            }
        };
    }
}
