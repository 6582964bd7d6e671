package org.virtfx.core.domain;

/** libvirt's domain states, with the words virsh prints for them. */
public enum DomainState {
    NOSTATE("no state"),
    RUNNING("running"),
    BLOCKED("idle"),
    PAUSED("paused"),
    SHUTDOWN("in shutdown"),
    SHUTOFF("shut off"),
    CRASHED("crashed"),
    PMSUSPENDED("pmsuspended");

    private final String label;

    DomainState(String label) {
        this.label = label;
    }

    /** The state as virsh prints it. */
    public String label() {
        return label;
    }

    /** A domain is active (has an id) in every state but shut off. */
    public boolean isActive() {
        return this != SHUTOFF;
    }
}
