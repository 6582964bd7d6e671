package org.virtfx.core.event;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Delivers events to listeners on the publishing thread. Drivers publish only after they have
 * released their locks, so a listener may call back into the driver without deadlock; a
 * listener that throws is logged and does not stop the others.
 */
public final class EventBus implements EventSource {
    private static final Logger LOG = System.getLogger(EventBus.class.getName());
    private final List<Consumer<? super LifecycleEvent>> listeners = new CopyOnWriteArrayList<>();

    @Override
    public Subscription subscribe(Consumer<? super LifecycleEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    public void publish(LifecycleEvent event) {
        for (Consumer<? super LifecycleEvent> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "event listener failed on " + event, e);
            }
        }
    }

    public void publishAll(List<? extends LifecycleEvent> events) {
        events.forEach(this::publish);
    }
}
