package org.virtfx.app.addhardware;

import java.util.Optional;
import org.virtfx.core.connect.Feature;

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
    USB_HOST("USB Host Device", false, Feature.USB_HOST_DEVICES, "USB devices"),
    PCI_HOST("PCI Host Device", false, Feature.PCI_HOST_DEVICES, "PCI devices"),
    MDEV_HOST("MDEV Host Device", false, Feature.MEDIATED_HOST_DEVICES, "mediated devices"),
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
    private final Feature needs;
    private final String hostDevices;

    NewDeviceKind(String label, boolean inContainers) {
        this(label, inContainers, null, "");
    }

    NewDeviceKind(String label, boolean inContainers, Feature needs, String hostDevices) {
        this.label = label;
        this.inContainers = inContainers;
        this.needs = needs;
        this.hostDevices = hostDevices;
    }

    /** What the connection must offer for this kind: the host device kinds each have their own. */
    public Optional<Feature> needs() {
        return Optional.ofNullable(needs);
    }

    /** The host's devices a host device kind gives away ("PCI devices"); empty for the other kinds. */
    String hostDevices() {
        return hostDevices;
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
