package org.virtfx.drivers.test;

import java.util.UUID;
import org.virtfx.core.domain.DomainDefinition;
import org.virtfx.core.domain.DomainState;
import org.virtfx.core.domain.DomainStats;
import org.virtfx.core.domain.StateReason;
import org.virtfx.core.driver.DomainObject;

/**
 * CPU time for a test domain. libvirt's test driver reports the wall clock as CPU time, which
 * draws every guest at a flat 100 %; a manager needs graphs that move, so each domain here
 * burns a share of its vCPUs that varies slowly around a level derived from its UUID. The
 * integral is closed-form, so reading it costs nothing and needs no timer.
 *
 * <p>One counter per run: it is a test domain's runtime, made when the domain starts and
 * dropped when it stops. Its fields are guarded by the domain's monitor.
 */
final class SyntheticCpu {
    private static final double PERIOD_S = 7.0;
    private final double share;
    private final double phase;
    private long accumulatedNanos;
    private long runningSince = -1;

    private SyntheticCpu(UUID uuid) {
        long h = uuid.getLeastSignificantBits() ^ uuid.getMostSignificantBits();
        share = 0.05 + 0.40 * (Math.floorMod(h, 1000) / 1000.0);
        phase = Math.floorMod(h >>> 16, 628) / 100.0;
    }

    /** Starts the domain as {@code id}, its CPU time counting from zero. */
    static void activate(DomainObject<SyntheticCpu> domain, int id, DomainState state, StateReason reason) {
        SyntheticCpu cpu = new SyntheticCpu(domain.uuid());
        cpu.transition(false, state == DomainState.RUNNING, System.nanoTime());
        domain.activate(cpu, id, state, reason);
    }

    /** Changes an active domain's state; time burns only while it runs. */
    static void setState(DomainObject<SyntheticCpu> domain, DomainState state, StateReason reason) {
        synchronized (domain) {
            domain.runtime().transition(domain.state() == DomainState.RUNNING, state == DomainState.RUNNING,
                    System.nanoTime());
            domain.setState(state, reason);
        }
    }

    static DomainStats stats(DomainObject<SyntheticCpu> domain) {
        synchronized (domain) {
            DomainDefinition definition = domain.current();
            DomainState state = domain.state();
            SyntheticCpu cpu = domain.runtime();
            long cpuTime = cpu == null ? 0
                    : cpu.cpuTimeNanos(definition.vcpus(), state == DomainState.RUNNING, System.nanoTime());
            return new DomainStats(state, definition.vcpus(), definition.memoryKiB(), definition.currentMemoryKiB(),
                    cpuTime);
        }
    }

    private void transition(boolean wasRunning, boolean running, long nowNanos) {
        if (wasRunning && !running) {
            accumulatedNanos += burned(nowNanos - runningSince);
            runningSince = -1;
        } else if (!wasRunning && running) {
            runningSince = nowNanos;
        }
    }

    private long cpuTimeNanos(int vcpus, boolean running, long nowNanos) {
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
