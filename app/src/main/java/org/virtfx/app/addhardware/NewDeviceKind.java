package org.virtfx.app.addhardware;

/** The device kinds Add Hardware offers, in virt-manager's order and words. */
public enum NewDeviceKind {
    STORAGE("Storage", false),
    CONTROLLER("Controller", false),
    NETWORK("Network", true),
    INPUT("Input", false),
    GRAPHICS("Graphics", false),
    SOUND("Sound", false),
    SERIAL("Serial", false),
    PARALLEL("Parallel", false),
    CONSOLE("Console", true),
    CHANNEL("Channel", false),
    USB_HOST("USB Host Device", false),
    PCI_HOST("PCI Host Device", false),
    MDEV_HOST("MDEV Host Device", false),
    VIDEO("Video", false),
    WATCHDOG("Watchdog", false),
    FILESYSTEM("Filesystem", true),
    SMARTCARD("Smartcard", false),
    USB_REDIRECTION("USB Redirection", false),
    TPM("TPM", false),
    RNG("RNG", false),
    PANIC("Panic Notifier", false),
    VSOCK("VirtIO VSOCK", false);

    private final String label;
    private final boolean inContainers;

    NewDeviceKind(String label, boolean inContainers) {
        this.label = label;
        this.inContainers = inContainers;
    }

    /**
     * Whether a container can have it: a container shares the host's kernel and has no emulated
     * hardware, so libvirt's LXC driver takes only filesystems, interfaces and consoles (and USB
     * devices as device nodes, which VirtFX's LXC driver does not make).
     */
    public boolean inContainers() {
        return inContainers;
    }

    @Override
    public String toString() {
        return label;
    }
}
