package org.virtfx.core.driver;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.virtfx.core.domain.DomainDefinition;
import org.virtfx.core.domain.DomainJob;
import org.virtfx.core.domain.DomainState;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.domain.StateReason;

/**
 * One domain as a native driver keeps it, after libvirt's {@code virDomainObj}: its stored
 * and live definitions, whether it is persistent, its state with the reason, its id, autostart
 * and managed-save flags, its snapshots, its job, and while it runs the driver's runtime (a
 * container, an emulator process).
 *
 * <p>Its fields change under this object's monitor, held for a few instructions at a time, so
 * queries never wait behind a job; a driver guards the mutable parts of its runtime with the
 * same monitor ({@code synchronized (domain)}), never across a slow step. State changes take
 * {@link #job()} first, one at a time. Lock order: a {@link DomainObjectList} takes its own
 * lock, then this monitor; never call the list while holding this monitor.
 *
 * <p>Objects are made by a {@link DomainObjectList}, which alone adds, removes, undefines and
 * stops them, since those change which domains exist.
 *
 * @param <R> what the driver keeps while the domain runs
 */
public final class DomainObject<R> {
    private final DomainJob job = new DomainJob();
    private final DomainSnapshotList snapshots = new DomainSnapshotList();
    private final UUID uuid;
    /** Fixed for life: redefining under another name is refused, as libvirt refuses it. */
    private final String name;
    /** The list's index of active ids, kept up to date as the domain starts and stops. */
    private final Map<Integer, DomainObject<R>> activeIds;
    /** The persistent definition; for a transient domain, the one it was created from. */
    private DomainDefinition config;
    /** The definition it runs with; null while inactive. */
    private DomainDefinition live;
    private boolean persistent;
    private boolean autostart;
    private boolean managedSave;
    private DomainState state = DomainState.SHUTOFF;
    private StateReason reason = StateReason.UNKNOWN;
    private int id = -1;
    private R runtime;
    private boolean removed;

    DomainObject(DomainDefinition definition, boolean persistent, Map<Integer, DomainObject<R>> activeIds) {
        this.uuid = definition.uuid();
        this.name = definition.name();
        this.config = definition;
        this.persistent = persistent;
        this.activeIds = activeIds;
    }

    /** The domain's job slot: state changes run in it one at a time; queries never take it. */
    public DomainJob job() {
        return job;
    }

    /** The domain's snapshots, which live and die with it. */
    public DomainSnapshotList snapshots() {
        return snapshots;
    }

    public UUID uuid() {
        return uuid;
    }

    public String name() {
        return name;
    }

    /** The stored definition: the persistent one, or the one a transient domain was created from. */
    public synchronized DomainDefinition config() {
        return config;
    }

    /** The definition in force: the live one while active, else the stored one. */
    public synchronized DomainDefinition current() {
        return live != null ? live : config;
    }

    /**
     * What {@code dumpxml --inactive} shows: the persistent definition, or for a transient
     * domain the one it runs with.
     */
    public synchronized DomainDefinition inactiveDefinition() {
        return persistent || live == null ? config : live;
    }

    public synchronized boolean isActive() {
        return state.isActive();
    }

    public synchronized boolean isPersistent() {
        return persistent;
    }

    public synchronized DomainState state() {
        return state;
    }

    public synchronized StateReason reason() {
        return reason;
    }

    /** The id while active, -1 otherwise. */
    public synchronized int id() {
        return id;
    }

    /** What the driver keeps while the domain runs; null while it is inactive. */
    public synchronized R runtime() {
        return runtime;
    }

    public synchronized boolean hasManagedSave() {
        return managedSave;
    }

    public synchronized void setManagedSave(boolean value) {
        managedSave = value;
    }

    /** Marks the domain to start with the driver; only a persistent domain shows it. */
    public synchronized void setAutostart(boolean value) {
        autostart = value;
    }

    /** Whether the domain's list has dropped it: a job that waited for it finds nothing to do. */
    public synchronized boolean isRemoved() {
        return removed;
    }

    /**
     * Makes the domain active: it runs {@code liveDefinition} as {@code newId}, with the
     * driver's runtime. A start uses or drops a managed save image, so the flag clears.
     */
    public synchronized void activate(R newRuntime, DomainDefinition liveDefinition, int newId, DomainState newState,
                                      StateReason newReason) {
        if (!newState.isActive()) {
            throw new IllegalArgumentException("a domain is activated in an active state, not " + newState);
        }
        runtime = Objects.requireNonNull(newRuntime, "runtime");
        live = Objects.requireNonNull(liveDefinition, "live definition");
        id = newId;
        state = newState;
        reason = newReason;
        managedSave = false;
        if (!removed) {
            activeIds.put(newId, this);
        }
    }

    /** Makes the domain active on its stored definition, as a driver without live changes does. */
    public synchronized void activate(R newRuntime, int newId, DomainState newState, StateReason newReason) {
        activate(newRuntime, config, newId, newState, newReason);
    }

    /** Changes the state of an active domain (paused, resumed, rebooted). */
    public synchronized void setState(DomainState newState, StateReason newReason) {
        if (!state.isActive() || !newState.isActive()) {
            throw new IllegalStateException("state " + state + " -> " + newState + " is a start or a stop, not a change");
        }
        state = newState;
        reason = newReason;
    }

    /**
     * Puts a snapshot's definition in force, as a revert does: it becomes the persistent
     * definition, and the live one too while the domain is active.
     */
    public synchronized void restore(DomainDefinition definition) {
        if (persistent || live == null) {
            config = definition;
        }
        if (live != null) {
            live = definition;
        }
    }

    /** The running domain's definition after a device was attached to it or detached from it. */
    public synchronized void setLive(DomainDefinition liveDefinition) {
        if (live == null) {
            throw new IllegalStateException("domain " + name + " is not active");
        }
        live = Objects.requireNonNull(liveDefinition, "live definition");
    }

    public synchronized DomainSummary summary() {
        return new DomainSummary(name, uuid, id, state, reason, persistent, persistent && autostart);
    }

    /** A new persistent definition; a running domain keeps its live one until it stops. */
    synchronized void redefine(DomainDefinition definition) {
        config = definition;
        persistent = true;
    }

    /** Drops persistence; an active domain goes on as a transient one. */
    synchronized void undefine() {
        persistent = false;
        autostart = false;
    }

    synchronized void deactivate(StateReason why) {
        if (id >= 0) {
            activeIds.remove(id, this);
        }
        runtime = null;
        live = null;
        id = -1;
        state = DomainState.SHUTOFF;
        reason = why;
    }

    synchronized void markRemoved() {
        removed = true;
        if (id >= 0) {
            activeIds.remove(id, this);
        }
    }
}
