package org.virtfx.drivers.test;

import org.virtfx.core.network.NetworkDefinition;
import org.virtfx.core.network.NetworkSummary;

/** One virtual network of a test node; changed only under its own monitor. */
final class TestNetwork {
    private NetworkDefinition persistent;
    private NetworkDefinition live;
    private boolean autostart;

    TestNetwork(NetworkDefinition definition, boolean active) {
        persistent = definition;
        live = active ? definition : null;
    }

    /** A transient network, running with {@code definition}. */
    static TestNetwork running(NetworkDefinition definition) {
        TestNetwork network = new TestNetwork(definition, true);
        network.persistent = null;
        return network;
    }

    synchronized NetworkDefinition current() {
        return live != null ? live : persistent;
    }

    synchronized NetworkDefinition inactiveDefinition() {
        return persistent != null ? persistent : live;
    }

    synchronized boolean isActive() {
        return live != null;
    }

    synchronized void start() {
        live = persistent;
    }

    /**
     * Starts the network with {@code definition}, as a create does; false when it already runs.
     * As in libvirt's virNetworkObjAssignDef, an inactive network's definition is replaced, so
     * it keeps the created one after a stop.
     */
    synchronized boolean startWith(NetworkDefinition definition) {
        if (live != null) {
            return false;
        }
        live = definition;
        if (persistent != null) {
            persistent = definition;
        }
        return true;
    }

    /** Stops the network; returns false when it was transient and is now gone. */
    synchronized boolean stop() {
        live = null;
        return persistent != null;
    }

    synchronized boolean isPersistent() {
        return persistent != null;
    }

    /** Replaces the running definition, as a live update does. */
    synchronized void updateLive(NetworkDefinition definition) {
        live = definition;
    }

    synchronized void redefine(NetworkDefinition definition) {
        persistent = definition;
    }

    synchronized void undefine() {
        persistent = null;
        autostart = false;
    }

    synchronized void setAutostart(boolean value) {
        autostart = value;
    }

    synchronized NetworkSummary summary() {
        NetworkDefinition def = current();
        return new NetworkSummary(def.name(), def.uuid(), live != null, persistent != null, autostart, def.bridge());
    }
}
