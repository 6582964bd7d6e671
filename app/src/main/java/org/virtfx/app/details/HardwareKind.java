package org.virtfx.app.details;

import java.util.Optional;

/**
 * The entries of the VM window's hardware list: the fixed pages first, then one per device,
 * named after the device element they show.
 */
public enum HardwareKind {
    OVERVIEW(null),
    OS_INFO(null),
    PERFORMANCE(null),
    CPUS(null),
    MEMORY(null),
    BOOT(null),
    DISK("disk"),
    NIC("interface"),
    FILESYSTEM("filesystem"),
    CONSOLE("console"),
    SERIAL("serial"),
    GRAPHICS("graphics"),
    SOUND("sound"),
    VIDEO("video"),
    CONTROLLER("controller"),
    INPUT("input"),
    CHANNEL("channel"),
    WATCHDOG("watchdog"),
    TPM("tpm"),
    RNG("rng"),
    PANIC("panic"),
    /** Any other device element (smartcard, redirdev, hostdev...): shown as XML only. */
    OTHER_DEVICE(null);

    private final String element;

    HardwareKind(String element) {
        this.element = element;
    }

    /** The device element this kind shows, for the kinds bound to one. */
    public Optional<String> element() {
        return Optional.ofNullable(element);
    }

    public boolean isDevice() {
        return ordinal() >= DISK.ordinal();
    }

    static HardwareKind ofElement(String name) {
        for (HardwareKind kind : values()) {
            if (name.equals(kind.element)) {
                return kind;
            }
        }
        return OTHER_DEVICE;
    }
}
