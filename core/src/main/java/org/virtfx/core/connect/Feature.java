package org.virtfx.core.connect;

/**
 * What a connection can do beyond listing and running domains. The application asks
 * {@link Connection#supports(Feature)} before it offers an action or a page, instead of calling
 * an operation to see whether it fails or testing the driver's name.
 */
public enum Feature {
    /** Domain snapshots: create, list, revert, delete. */
    SNAPSHOTS,
    /** Saving a running domain's memory to an image the driver keeps, and restoring it on start. */
    MANAGED_SAVE,
    /**
     * Cloning disks that are plain host files, not volumes of a pool; without it a clone copies
     * pool volumes only and shares the rest.
     */
    STORAGE_CLONE,
    /** Attaching and detaching devices while the domain runs. */
    LIVE_DEVICE_CHANGES,
    /** Changing a running domain's memory and vCPU count (the balloon, vCPU hot-plug). */
    LIVE_RESOURCE_CHANGES,
    /** A domain's text console (serial or container terminal). */
    TEXT_CONSOLE,
    /** A domain's graphical console (VNC). */
    GRAPHICS_CONSOLE,
    /** Moving a running domain to another host. */
    MIGRATION,
    /** Virtual networks: define, start, stop. */
    VIRTUAL_NETWORKS,
    /** Transient virtual networks: created and started from a definition, gone once stopped. */
    TRANSIENT_NETWORKS,
    /** DHCP leases of running virtual networks. */
    NETWORK_LEASES,
    /** Storage pools and their volumes. */
    STORAGE_POOLS,
    /**
     * Choosing a machine's firmware from {@code <os firmware='efi'>} at start, as libvirt does from
     * QEMU's firmware descriptors; without it a UEFI machine names its {@code <loader>} and
     * {@code <nvram>} itself.
     */
    FIRMWARE_AUTOSELECT,
    /**
     * Giving a guest one of the host's USB devices ({@code <hostdev type='usb'>}) in its
     * definition, and to the running guest where the connection has {@link #LIVE_DEVICE_CHANGES}.
     */
    USB_HOST_DEVICES,
    /** As {@link #USB_HOST_DEVICES}, for the host's PCI devices ({@code <hostdev type='pci'>}, VFIO). */
    PCI_HOST_DEVICES,
    /** As {@link #USB_HOST_DEVICES}, for the host's mediated devices ({@code <hostdev type='mdev'>}, by UUID). */
    MEDIATED_HOST_DEVICES
}
