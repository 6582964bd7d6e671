package org.virtfx.app.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HeapGrowthTest {
    private static final long MB = 1L << 20;

    private final AtomicInteger collections = new AtomicInteger();

    /** A heap whose committed size is each of {@code sizes} in turn. */
    private HeapGrowth heap(Long... sizes) {
        ArrayDeque<Long> committed = new ArrayDeque<>(List.of(sizes));
        return new HeapGrowth(committed::remove, collections::incrementAndGet);
    }

    @Test
    void aLoadThatGrewTheHeapByTheThresholdIsCollectedOnce() {
        HeapGrowth heap = heap(40 * MB, 40 * MB + HeapGrowth.WORTH_COLLECTING);
        heap.afterLoad(heap.beforeLoad());
        assertEquals(1, collections.get());
    }

    @Test
    void aLoadTheHeapTookWithLittleGrowthIsLeftAlone() {
        HeapGrowth heap = heap(40 * MB, 40 * MB + HeapGrowth.WORTH_COLLECTING - 1);
        heap.afterLoad(heap.beforeLoad());
        assertEquals(0, collections.get());
    }

    @Test
    void aHeapThatShrankDuringTheLoadIsLeftAlone() {
        HeapGrowth heap = heap(300 * MB, 100 * MB);
        heap.afterLoad(heap.beforeLoad());
        assertEquals(0, collections.get());
    }
}
