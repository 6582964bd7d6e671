package org.virtfx.app.manager;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Tries autoconnect connections again after they failed to open or dropped: 5 s after the
 * first failure, doubling up to 5 minutes, so a host that is down is not hammered and one that
 * comes back is found soon. A successful connect starts the count again. Used on the UI thread
 * only; the timer's callback is handed back to it.
 */
final class AutoconnectRetries {
    static final Duration FIRST = Duration.ofSeconds(5);
    static final Duration LONGEST = Duration.ofMinutes(5);

    private final RetryTimer timer;
    private final Consumer<Runnable> uiThread;
    private final Map<ConnectionRow, Pending> pending = new HashMap<>();
    private final Map<ConnectionRow, Integer> failures = new HashMap<>();

    private record Pending(Runnable cancel) {
    }

    AutoconnectRetries(RetryTimer timer, Consumer<Runnable> uiThread) {
        this.timer = timer;
        this.uiThread = uiThread;
    }

    /** The delay before the attempt after {@code failures} failures in a row. */
    static Duration delay(int failures) {
        Duration delay = FIRST;
        for (int i = 1; i < failures && delay.compareTo(LONGEST) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(LONGEST) > 0 ? LONGEST : delay;
    }

    /**
     * After a failure or a drop: when the row is marked autoconnect, shows the next attempt's time
     * on the row and runs {@code connect} then, unless something else connected it meanwhile.
     */
    void failed(ConnectionRow row, Runnable connect) {
        cancel(row);
        if (!row.autoconnectProperty().get()) {
            return;
        }
        int count = failures.merge(row, 1, Integer::sum);
        Duration delay = delay(count);
        Pending[] mine = new Pending[1];
        Runnable cancelTimer = timer.after(delay, () -> uiThread.accept(() -> {
            if (pending.get(row) != mine[0]) {
                return;
            }
            pending.remove(row);
            row.retryAt(null);
            if (row.autoconnectProperty().get() && (row.status() == ConnectionStatus.DISCONNECTED
                    || row.status() == ConnectionStatus.FAILED)) {
                connect.run();
            }
        }));
        mine[0] = new Pending(cancelTimer);
        pending.put(row, mine[0]);
        row.retryAt(timer.now().plus(delay));
    }

    /** The row connected: the next failure waits the shortest delay again. */
    void connected(ConnectionRow row) {
        cancel(row);
        failures.remove(row);
    }

    /** Connect, Disconnect or Delete by the person: no retry is pending any more. */
    void cancel(ConnectionRow row) {
        Pending p = pending.remove(row);
        if (p != null) {
            p.cancel().run();
        }
        row.retryAt(null);
    }

    /** Forgets the row altogether (Delete). */
    void forget(ConnectionRow row) {
        cancel(row);
        failures.remove(row);
    }
}
