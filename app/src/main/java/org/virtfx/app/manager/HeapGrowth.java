package org.virtfx.app.manager;

import java.util.function.LongSupplier;

/**
 * Gives back, right after a connection's load, the heap the load made the JVM grow. The
 * launchers' serial collector returns heap to the system only after a full collection, and
 * until one runs, the load's garbage waits to be collected in pauses that land on whatever the
 * user does next: 10,000 test-driver domains grew the heap to 470 MB around 90 MB of live data,
 * the window stayed at 550 MB resident, and the first collections after the rows showed paused
 * for 110-200 ms, on a filter keystroke or a scroll step (GC logs of bench/run filter).
 * Collected as the rows are put in place, the pause is part of the load. Not before them: the
 * rows and tree items of 10,000 domains (some 16 MB) were then the next young collection's
 * survivors, copied and promoted in one pause of 16-108 ms on a scroll step or a key. A load the
 * heap took without growing much is left alone: a full collection would cost more than it gives.
 */
final class HeapGrowth {
    /** Growth of the committed heap during one load that is worth a full collection. */
    static final long WORTH_COLLECTING = 64L << 20;

    private final LongSupplier committed;
    private final Runnable collect;

    /** The JVM's own heap and collector. */
    HeapGrowth() {
        // An explicit full collection is the point here: the serial collector shrinks the heap
        // (to its MaxHeapFreeRatio) only at one.
        this(Runtime.getRuntime()::totalMemory, System::gc);
    }

    HeapGrowth(LongSupplier committed, Runnable collect) {
        this.committed = committed;
        this.collect = collect;
    }

    /** The committed heap before a load: pass it to {@link #afterLoad}. */
    long beforeLoad() {
        return committed.getAsLong();
    }

    /** Collects once when the heap grew by {@link #WORTH_COLLECTING} or more since {@code before}. */
    void afterLoad(long before) {
        if (committed.getAsLong() - before >= WORTH_COLLECTING) {
            collect.run();
        }
    }
}
