package org.virtfx.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PulseTicksTest {
    /** Timeouts as a GLib main loop would hold them: handle to its tick and period. */
    private final Map<Long, Runnable> running = new LinkedHashMap<>();
    private final List<Integer> periods = new ArrayList<>();
    private final List<Long> stopped = new ArrayList<>();
    private long nextHandle = 1;
    private final PulseTicks ticks = new PulseTicks(new PulseTicks.Timeouts() {
        @Override
        public long start(Runnable tick, int periodMillis) {
            long handle = nextHandle++;
            running.put(handle, tick);
            periods.add(periodMillis);
            return handle;
        }

        @Override
        public void stop(long handle) {
            stopped.add(handle);
            running.remove(handle);
        }
    });
    private final Runnable pulse = () -> { };

    @Test
    void aPausedTimerLeavesNoTimeoutToWakeTheFxThread() {
        ticks.start(pulse, 16);
        ticks.pause();
        assertTrue(running.isEmpty(), "no timeout while paused");
        assertFalse(ticks.ticking());
    }

    @Test
    void resumingTicksAgainWithTheSamePulseAndPeriod() {
        ticks.start(pulse, 16);
        ticks.pause();
        ticks.resume();
        assertEquals(1, running.size());
        assertSame(pulse, running.values().iterator().next());
        assertEquals(List.of(16, 16), periods);
        assertTrue(ticks.ticking());
    }

    @Test
    void resumingWhileTickingAddsNoSecondTimeout() {
        ticks.start(pulse, 16);
        ticks.resume();
        ticks.resume();
        assertEquals(1, running.size(), "one timeout, or pulses would come twice a period");
    }

    @Test
    void aStoppedTimerStaysStoppedAndIsStoppedOnce() {
        ticks.start(pulse, 16);
        ticks.pause();
        ticks.stop();
        ticks.resume();
        assertTrue(running.isEmpty(), "a resume after stop (the toolkit exiting) starts nothing");
        assertEquals(List.of(1L), stopped, "the paused timeout is not stopped a second time");
    }

    @Test
    void restartingReplacesTheRunningTimeout() {
        ticks.start(pulse, 16);
        ticks.start(pulse, 33);
        assertEquals(1, running.size());
        assertEquals(List.of(1L), stopped);
        assertEquals(List.of(16, 33), periods);
    }

    @Test
    void aTimeoutThatCannotBeMadeReportsFailure() {
        PulseTicks failing = new PulseTicks(new PulseTicks.Timeouts() {
            @Override
            public long start(Runnable tick, int periodMillis) {
                return 0;
            }

            @Override
            public void stop(long handle) {
                throw new AssertionError("nothing to stop");
            }
        });
        assertFalse(failing.start(pulse, 16));
        failing.pause();
        failing.stop();
        assertFalse(failing.ticking());
    }

    @Test
    void aTickThatFoundNothingToDrawEndsTheTickingAtOnce() {
        ticks.start(pulse, 16);
        assertTrue(ticks.afterTick(() -> true));
        assertTrue(running.isEmpty(), "no more wakeups once the toolkit had nothing to do");
        assertFalse(ticks.ticking());
    }

    @Test
    void aTickThatPostedAPulseKeepsTicking() {
        ticks.start(pulse, 16);
        assertFalse(ticks.afterTick(() -> false));
        assertEquals(1, running.size());
        assertTrue(stopped.isEmpty());
    }

    @Test
    void theNextRequestForAPulseAfterAnEarlyPauseTicksAgainAtThePeriod() {
        ticks.start(pulse, 16);
        ticks.afterTick(() -> true);
        ticks.resume();
        assertEquals(1, running.size());
        assertSame(pulse, running.values().iterator().next());
        assertEquals(List.of(16, 16), periods);
        ticks.pause();
        assertEquals(List.of(1L, 2L), stopped, "the toolkit's own pause later stops the fresh timeout");
    }

    @Test
    void aTimerNotTickingNeitherAsksTheToolkitNorStopsAgain() {
        ticks.start(pulse, 16);
        ticks.pause();
        assertFalse(ticks.afterTick(() -> {
            throw new AssertionError("a tick that fires once more after its timeout was removed asks nothing");
        }));
        assertEquals(List.of(1L), stopped);
    }
}
