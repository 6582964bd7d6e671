package org.virtfx.app.wizard;

/** How the new domain gets its operating system: virt-manager's step-1 choices. */
public enum InstallMethod {
    APPLICATION_CONTAINER("Application container", true),
    OS_CONTAINER("Operating system container", true),
    LOCAL_MEDIA("Local install media (ISO image or CDROM)", false),
    NETWORK_INSTALL("Network Install (HTTP, HTTPS, or FTP)", false),
    IMPORT_DISK("Import existing disk image", false),
    MANUAL("Manual install", false);

    private final String label;
    private final boolean container;

    InstallMethod(String label, boolean container) {
        this.label = label;
        this.container = container;
    }

    public boolean isContainer() {
        return container;
    }

    @Override
    public String toString() {
        return label;
    }
}
