package org.virtfx.core.event;

import java.util.function.Consumer;

/** Where a connection's lifecycle events can be heard. */
public interface EventSource {

    /** Adds a listener; closing the returned subscription removes it. */
    Subscription subscribe(Consumer<? super LifecycleEvent> listener);

    /** A listener's registration. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
