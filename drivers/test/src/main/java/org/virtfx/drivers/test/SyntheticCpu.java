package org.virtfx.drivers.test;

import java.util.UUID;

/**
 * CPU time for a test domain. libvirt's test driver reports the wall clock as CPU time, which
 * draws every guest at a flat 100 %; a manager needs graphs that move, so each domain here
 * burns a share of its vCPUs that varies slowly around a level derived from its UUID. The
 * integral is closed-form, so reading it costs nothing and needs no timer.
 */
final class SyntheticCpu {
    private static final double PERIOD_S = 7.0;
    private final double share;
    private final double phase;
    private long accumulatedNanos;
    private long runningSince = -1;

    SyntheticCpu(UUID uuid) {
        long h = uuid.getLeastSignificantBits() ^ uuid.getMostSignificantBits();
        share = 0.05 + 0.40 * (Math.floorMod(h, 1000) / 1000.0);
        phase = Math.floorMod(h >>> 16, 628) / 100.0;
    }

    void transition(boolean wasRunning, boolean running, long nowNanos) {
        if (wasRunning && !running) {
            accumulatedNanos += burned(nowNanos - runningSince);
            runningSince = -1;
        } else if (!wasRunning && running) {
            runningSince = nowNanos;
        }
    }

    void reset() {
        accumulatedNanos = 0;
        runningSince = -1;
    }

    long cpuTimeNanos(int vcpus, boolean running, long nowNanos) {
        long current = running && runningSince >= 0 ? burned(nowNanos - runningSince) : 0;
        return (accumulatedNanos + current) * vcpus;
    }

    /** CPU seconds used in {@code elapsed}: share * (1 + 0.5 sin(t/P + phase)), integrated. */
    private long burned(long elapsedNanos) {
        double t = elapsedNanos / 1e9;
        double seconds = share * (t + 0.5 * PERIOD_S * (Math.cos(phase) - Math.cos(t / PERIOD_S + phase)));
        return (long) (seconds * 1e9);
    }
}
