package org.virtfx.app.manager;

/** Where a connection row is in its life. */
public enum ConnectionStatus {
    DISCONNECTED("Not Connected"),
    CONNECTING("Connecting…"),
    CONNECTED(""),
    FAILED("Connection failed");

    private final String label;

    ConnectionStatus(String label) {
        this.label = label;
    }

    /** Shown after the title; empty when connected, as virt-manager shows nothing then. */
    public String label() {
        return label;
    }
}
