package org.virtfx.core.task;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The undo of each step of a change made of several (a start, a hot-plug), registered as soon
 * as the step has made something; when a later step fails, all of them run, newest first, so
 * the failed change leaves nothing behind.
 */
public final class Rollback {
    private final Deque<Runnable> undos = new ArrayDeque<>();

    public void push(Runnable undo) {
        undos.push(undo);
    }

    /**
     * Runs every undo registered, newest first, each even when an earlier one failed; their
     * failures travel with {@code cause} as suppressed exceptions. Returns {@code cause}, to be
     * thrown.
     */
    public <E extends RuntimeException> E undoAll(E cause) {
        while (!undos.isEmpty()) {
            try {
                undos.pop().run();
            } catch (RuntimeException undoFailure) {
                cause.addSuppressed(undoFailure);
            }
        }
        return cause;
    }
}
