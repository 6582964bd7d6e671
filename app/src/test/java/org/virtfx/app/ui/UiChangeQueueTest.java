package org.virtfx.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import org.junit.jupiter.api.Test;

class UiChangeQueueTest {
    private final Queue<Runnable> uiThread = new ArrayDeque<>();
    private final UiChangeQueue queue = new UiChangeQueue(uiThread::add);

    @Test
    void manyChangesReachTheUiInOneHandOver() {
        List<Integer> applied = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            int n = i;
            queue.post(() -> applied.add(n));
        }
        assertEquals(1, uiThread.size(), "one scheduled hand-over for a thousand changes");
        // A loaded machine may stretch the batch past its time budget; the rest follows later.
        while (!uiThread.isEmpty()) {
            uiThread.poll().run();
        }
        assertEquals(1000, applied.size());
        assertEquals(999, applied.get(999), "changes keep their order");
    }

    @Test
    void aChangePostedWhileABatchRunsIsNotLost() {
        List<String> applied = new ArrayList<>();
        queue.post(() -> {
            applied.add("first");
            queue.post(() -> applied.add("second"));
        });
        while (!uiThread.isEmpty()) {
            uiThread.poll().run();
        }
        assertEquals(List.of("first", "second"), applied);
    }

    @Test
    void aLongBatchYieldsTheUiThreadAndContinuesLater() {
        List<Integer> applied = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            queue.post(() -> {
                applied.add(n);
                sleep(UiChangeQueue.BATCH_BUDGET_NANOS / 1_000_000 + 2);
            });
        }
        uiThread.poll().run();
        assertEquals(1, applied.size(), "the first change used up the batch's time budget");
        while (!uiThread.isEmpty()) {
            uiThread.poll().run();
        }
        assertEquals(List.of(0, 1, 2, 3, 4), applied);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
