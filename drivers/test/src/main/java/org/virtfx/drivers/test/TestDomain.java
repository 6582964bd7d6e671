package org.virtfx.drivers.test;

import java.util.UUID;
import org.virtfx.core.domain.DomainDefinition;
import org.virtfx.core.domain.DomainJob;
import org.virtfx.core.domain.DomainState;
import org.virtfx.core.domain.DomainStats;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.domain.StateReason;

/**
 * One domain of a test node. Its fields change only under its own monitor, held for a few
 * instructions at a time, so queries never wait behind a job; state-changing operations take
 * {@link #job()} first, one at a time.
 */
final class TestDomain {
    private final DomainJob job = new DomainJob();
    private final UUID uuid;
    /** Fixed for life: redefining under another name is refused, as libvirt refuses it. */
    private final String name;
    private DomainDefinition persistent;
    private DomainDefinition live;
    private DomainState state = DomainState.SHUTOFF;
    private StateReason reason = StateReason.UNKNOWN;
    private int id = -1;
    private boolean autostart;
    private boolean managedSave;
    private final SyntheticCpu cpu;
    private final TestSnapshots snapshots = new TestSnapshots();

    TestDomain(DomainDefinition definition, boolean persistentDefinition) {
        this.uuid = definition.uuid();
        this.name = definition.name();
        this.persistent = persistentDefinition ? definition : null;
        this.live = persistentDefinition ? null : definition;
        this.cpu = new SyntheticCpu(uuid);
    }

    DomainJob job() {
        return job;
    }

    /** The domain's snapshots, which live and die with it. */
    TestSnapshots snapshots() {
        return snapshots;
    }

    UUID uuid() {
        return uuid;
    }

    String name() {
        return name;
    }

    /** The definition in force: the live one while active, else the persistent one. */
    synchronized DomainDefinition current() {
        return live != null ? live : persistent;
    }

    /** The persistent definition, or the live one for a transient domain. */
    synchronized DomainDefinition inactiveDefinition() {
        return persistent != null ? persistent : live;
    }

    synchronized boolean isActive() {
        return state.isActive();
    }

    synchronized boolean isPersistent() {
        return persistent != null;
    }

    synchronized DomainState state() {
        return state;
    }

    synchronized int id() {
        return id;
    }

    synchronized boolean hasManagedSave() {
        return managedSave;
    }

    synchronized void setManagedSave(boolean value) {
        managedSave = value;
    }

    synchronized void setAutostart(boolean value) {
        autostart = value;
    }

    /** Makes the domain active with the given id, running on a copy of its persistent definition. */
    synchronized void activate(int newId, DomainState newState, StateReason newReason, long nowNanos) {
        id = newId;
        if (live == null) {
            live = persistent;
        }
        managedSave = false;
        setState(newState, newReason, nowNanos);
    }

    /**
     * Stops the domain. Returns false when it was transient, so that the caller removes it,
     * as libvirt forgets a transient domain once it stops.
     */
    synchronized boolean deactivate(StateReason why, long nowNanos) {
        setState(DomainState.SHUTOFF, why, nowNanos);
        id = -1;
        if (persistent != null) {
            // A transient domain keeps its definition for its last event; the caller drops it.
            live = null;
        }
        cpu.reset();
        return persistent != null;
    }

    synchronized void setState(DomainState newState, StateReason newReason, long nowNanos) {
        cpu.transition(state == DomainState.RUNNING, newState == DomainState.RUNNING, nowNanos);
        state = newState;
        reason = newReason;
    }

    /** Replaces the persistent definition; a running domain keeps its live one until it stops. */
    synchronized void redefine(DomainDefinition definition) {
        persistent = definition;
    }

    /**
     * Puts a snapshot's definition in force, as a revert does: it becomes the persistent
     * definition, and the live one too while the domain is active or transient.
     */
    synchronized void restore(DomainDefinition definition) {
        if (persistent != null) {
            persistent = definition;
        }
        if (live != null) {
            live = definition;
        }
    }

    /** Drops the persistent definition; returns false when nothing remains (inactive domain). */
    synchronized boolean undefine() {
        persistent = null;
        autostart = false;
        return state.isActive();
    }

    synchronized DomainSummary summary() {
        return new DomainSummary(name, uuid, id, state, reason, persistent != null, autostart);
    }

    synchronized StateReason reason() {
        return reason;
    }

    synchronized DomainStats stats(long nowNanos) {
        DomainDefinition def = current();
        return new DomainStats(state, def.vcpus(), def.memoryKiB(), def.currentMemoryKiB(),
                cpu.cpuTimeNanos(def.vcpus(), state == DomainState.RUNNING, nowNanos));
    }
}
