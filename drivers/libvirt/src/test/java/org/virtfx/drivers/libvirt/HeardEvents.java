package org.virtfx.drivers.libvirt;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.virtfx.core.event.LifecycleEvent;

/** Waiting for the events a connection published, for the tests against real daemons. */
final class HeardEvents {
    private HeardEvents() {
    }

    /** The next event of this type, past others; fails with {@code context} (a daemon's log) when none comes in time. */
    static <E extends LifecycleEvent> E next(BlockingQueue<LifecycleEvent> heard, Class<E> type, Duration within,
                                             Supplier<String> context) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            LifecycleEvent event = heard.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (type.isInstance(event)) {
                return type.cast(event);
            }
        }
        return fail("no " + type.getSimpleName() + " within " + within + context.get());
    }
}
