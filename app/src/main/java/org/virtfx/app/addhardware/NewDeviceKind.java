package org.virtfx.app.addhardware;

/** The device kinds Add Hardware offers, in virt-manager's order and words. */
public enum NewDeviceKind {
    STORAGE("Storage"),
    NETWORK("Network"),
    CONSOLE("Console"),
    FILESYSTEM("Filesystem");

    private final String label;

    NewDeviceKind(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}
