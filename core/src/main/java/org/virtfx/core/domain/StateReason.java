package org.virtfx.core.domain;

/**
 * Why a domain is in its state, with the words {@code virsh domstate --reason} prints. libvirt
 * numbers reasons per state; VirtFX keeps one list, since the words are what users see.
 */
public enum StateReason {
    UNKNOWN("unknown"),
    BOOTED("booted"),
    MIGRATED("migrated"),
    RESTORED("restored"),
    FROM_SNAPSHOT("from snapshot"),
    UNPAUSED("unpaused"),
    SAVE_CANCELED("save canceled"),
    WAKEUP("event wakeup"),
    USER("user"),
    SAVE("saving"),
    SHUTTING_DOWN("shutting down"),
    SHUTDOWN("shutdown"),
    DESTROYED("destroyed"),
    CRASHED("crashed"),
    SAVED("saved"),
    FAILED("failed"),
    PANICKED("panicked"),
    /** Paused by the hypervisor after a disk error, as libvirt's VIR_DOMAIN_PAUSED_IOERROR. */
    IOERROR("I/O error");

    private final String label;

    StateReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
