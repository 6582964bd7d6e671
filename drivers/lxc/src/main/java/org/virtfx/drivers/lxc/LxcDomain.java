package org.virtfx.drivers.lxc;

import org.virtfx.core.domain.DomainDefinition;
import org.virtfx.core.domain.DomainJob;
import org.virtfx.core.domain.DomainState;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.domain.StateReason;

/**
 * One container domain: its definitions, run state and job. State lives under this object's
 * monitor and every method holding it is short; the slow parts of a start or stop run under
 * the {@link DomainJob} only, so lists and statistics never wait for them.
 */
final class LxcDomain {
    private final DomainJob job = new DomainJob();
    private DomainDefinition config;
    private DomainDefinition live;
    private boolean persistent;
    private boolean autostart;
    private DomainState state = DomainState.SHUTOFF;
    private StateReason reason = StateReason.UNKNOWN;
    private int id = -1;
    private Container container;

    LxcDomain(DomainDefinition config, boolean persistent, boolean autostart) {
        this.config = config;
        this.persistent = persistent;
        this.autostart = autostart;
    }

    DomainJob job() {
        return job;
    }

    synchronized DomainDefinition config() {
        return config;
    }

    synchronized void setConfig(DomainDefinition definition, boolean makePersistent) {
        config = definition;
        persistent = persistent || makePersistent;
    }

    /** The definition it runs with while active, the stored one otherwise. */
    synchronized DomainDefinition current() {
        return live != null ? live : config;
    }

    synchronized String name() {
        return current().name();
    }

    synchronized boolean isPersistent() {
        return persistent;
    }

    synchronized void setPersistent(boolean value) {
        persistent = value;
    }

    synchronized void setAutostart(boolean value) {
        autostart = value;
    }

    synchronized Container container() {
        return container;
    }

    synchronized DomainState state() {
        return state;
    }

    synchronized boolean isActive() {
        return container != null;
    }

    synchronized void started(Container running, DomainDefinition liveDefinition, int domainId, DomainState runState,
                              StateReason runReason) {
        container = running;
        live = liveDefinition;
        id = domainId;
        state = runState;
        reason = runReason;
    }

    synchronized void setState(DomainState newState, StateReason newReason) {
        state = newState;
        reason = newReason;
    }

    synchronized void stopped(StateReason why) {
        container = null;
        live = null;
        id = -1;
        state = DomainState.SHUTOFF;
        reason = why;
    }

    synchronized DomainSummary summary() {
        DomainDefinition d = current();
        return new DomainSummary(d.name(), d.uuid(), id, state, reason, persistent, persistent && autostart);
    }
}
