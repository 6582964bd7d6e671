package org.virtfx.drivers.libvirt.binding;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/**
 * A reference libvirt counts (a {@code virConnectPtr}, {@code virDomainPtr}...). {@link #close()}
 * drops it at once with the object's free function; a handle nobody closed is dropped by a
 * {@link Cleaner} once it is unreachable, so a forgotten close costs memory for a while, never a
 * leak. A closed handle refuses further calls instead of passing a freed pointer to libvirt.
 */
public abstract class NativeHandle implements AutoCloseable {
    /** One cleaner thread for every handle of the process. */
    private static final Cleaner CLEANER = Cleaner.create();

    private final Pointer pointer;
    private final String kind;
    private final Cleaner.Cleanable cleanable;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param pointer the reference this handle owns
     * @param kind what it is, for the error a closed handle gives ("domain")
     * @param free the C function that drops the reference; must not capture the handle
     */
    NativeHandle(Pointer pointer, String kind, Consumer<Pointer> free) {
        this.pointer = pointer;
        this.kind = kind;
        this.cleanable = CLEANER.register(this, new Release(pointer, free));
    }

    /** The pointer, for calls; fails once the handle is closed. */
    final Pointer pointer() {
        if (closed.get()) {
            throw VirtException.of(ErrorCode.INVALID_ARG, "the " + kind + " handle is closed");
        }
        return pointer;
    }

    public final boolean isClosed() {
        return closed.get();
    }

    /** Drops libvirt's reference; the object itself (a running domain, say) is not affected. */
    @Override
    public final void close() {
        if (closed.compareAndSet(false, true)) {
            cleanable.clean();
        }
    }

    /** The free function, run once, by close or by the cleaner; holds no reference to the handle. */
    private record Release(Pointer pointer, Consumer<Pointer> free) implements Runnable {
        @Override
        public void run() {
            free.accept(pointer);
        }
    }

    /**
     * Takes an array libvirt allocated for the caller ({@code virDomainPtr **} of a list call):
     * each element becomes a handle that owns its reference, and the array itself is freed.
     */
    static <H> List<H> takeArray(Pointer array, int count, Function<Pointer, H> wrap) {
        if (array == null) {
            return List.of();
        }
        try {
            List<H> handles = new ArrayList<>(count);
            for (Pointer element : array.getPointerArray(0, count)) {
                handles.add(wrap.apply(element));
            }
            return handles;
        } finally {
            Native.free(Pointer.nativeValue(array));
        }
    }

    /** The object a lookup found; libvirt's error (not found: {@code VIR_ERR_NO_DOMAIN}...) when NULL. */
    static <H> H lookup(Pointer found, String call, Function<Pointer, H> wrap) {
        return wrap.apply(Errors.check(found, call));
    }
}
