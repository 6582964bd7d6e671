package org.virtfx.core.event;

import org.virtfx.core.network.NetworkSummary;

/** A virtual network was defined, undefined, started or stopped. */
public record NetworkEvent(NetworkSummary network, Type type) implements LifecycleEvent {

    public enum Type {
        DEFINED, UNDEFINED, STARTED, STOPPED
    }
}
