package org.virtfx.core.connect;

/**
 * What kind of driver serves a connection: one of VirtFX's own, running in the application, or
 * libvirt's client library talking to a libvirt daemon, local or remote.
 */
public enum DriverKind {
    BUILTIN("built-in"),
    LIBVIRT("libvirt");

    private final String label;

    DriverKind(String label) {
        this.label = label;
    }

    /** How the manager and Connection Details name it. */
    public String label() {
        return label;
    }
}
