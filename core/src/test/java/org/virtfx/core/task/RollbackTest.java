package org.virtfx.core.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RollbackTest {
    @Test
    void everyUndoRunsNewestFirstAndTheirFailuresGoWithTheCause() {
        List<String> ran = new ArrayList<>();
        Rollback rollback = new Rollback();
        IllegalStateException brokenUndo = new IllegalStateException("bridge already gone");
        rollback.push(() -> ran.add("record"));
        rollback.push(() -> {
            ran.add("bridge");
            throw brokenUndo;
        });
        rollback.push(() -> ran.add("dnsmasq"));
        IllegalArgumentException cause = new IllegalArgumentException("dnsmasq failed");

        assertSame(cause, rollback.undoAll(cause));
        assertEquals(List.of("dnsmasq", "bridge", "record"), ran);
        assertArrayEquals(new Throwable[] {brokenUndo}, cause.getSuppressed());

        rollback.undoAll(new IllegalStateException("again"));
        assertEquals(3, ran.size(), "an undo runs once");
    }
}
