package org.virtfx.core.domain;

import java.util.UUID;

/**
 * A domain as lists show it, at one moment: identity, state with its reason, and whether it is
 * persistent (defined) and starts with the host. {@code id} is -1 while the domain is inactive.
 */
public record DomainSummary(String name, UUID uuid, int id, DomainState state, StateReason reason,
                            boolean persistent, boolean autostart) {

    public boolean isActive() {
        return state.isActive();
    }

    /**
     * False once the domain is gone: an event about a domain that is neither persistent nor
     * active (undefined while off, or transient and stopped) is its last.
     */
    public boolean exists() {
        return persistent || isActive();
    }
}
