package org.virtfx.core.driver;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Driver states shared by every connection of the process that opens the same key, as every
 * client of a libvirt daemon shares its state: the first open makes the state, later opens
 * share it, and the last close releases it. A driver keeps one of these in a static field;
 * process-wide state is the point there, since two states over one host (or one
 * {@code test:///default}) would each believe they own the same domains.
 *
 * @param <K> what tells states apart (a driver's configuration, a URI's path)
 * @param <S> the state
 */
public final class SharedDriverState<K, S> {
    private final Map<K, Entry<S>> states = new HashMap<>();
    private final Consumer<? super S> release;

    /** @param release frees a state once its last connection is closed */
    public SharedDriverState(Consumer<? super S> release) {
        this.release = release;
    }

    /**
     * The state for {@code key}, made by {@code open} when no connection holds one. {@code open}
     * runs under this object's lock, so two connections opening at once never make two states;
     * when it fails, nothing is kept.
     */
    public synchronized Lease<S> open(K key, Function<? super K, ? extends S> open) {
        Entry<S> entry = states.get(key);
        if (entry == null) {
            entry = new Entry<>(open.apply(key));
            states.put(key, entry);
        }
        entry.users++;
        return new Lease<>(entry.state, () -> close(key));
    }

    /** How many open leases share the state for {@code key}; 0 when there is none. */
    public synchronized int users(K key) {
        Entry<S> entry = states.get(key);
        return entry == null ? 0 : entry.users;
    }

    private synchronized void close(K key) {
        Entry<S> entry = states.get(key);
        if (entry != null && --entry.users == 0) {
            states.remove(key);
            release.accept(entry.state);
        }
    }

    /** One connection's hold on a shared state; closing it twice is closing it once. */
    public static final class Lease<S> implements AutoCloseable {
        private final S state;
        private final Runnable release;
        private boolean closed;

        private Lease(S state, Runnable release) {
            this.state = state;
            this.release = release;
        }

        public S state() {
            return state;
        }

        @Override
        public void close() {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            release.run();
        }
    }

    private static final class Entry<S> {
        final S state;
        int users;

        Entry(S state) {
            this.state = state;
        }
    }
}
