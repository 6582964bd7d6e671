package org.virtfx.drivers.libvirt.binding;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

/** A {@code virNodeDevicePtr}: one device of the host, as libvirt's node device driver knows it. */
public final class VirNodeDevice extends NativeHandle {
    /** {@code VIR_CONNECT_LIST_NODE_DEVICES_CAP_PCI_DEV}. */
    public static final int LIST_PCI = 1 << 1;
    /** {@code VIR_CONNECT_LIST_NODE_DEVICES_CAP_USB_DEV}. */
    public static final int LIST_USB = 1 << 2;
    /** {@code VIR_CONNECT_LIST_NODE_DEVICES_CAP_MDEV_TYPES}: parents that can make mediated devices. */
    public static final int LIST_MDEV_TYPES = 1 << 13;
    /** {@code VIR_CONNECT_LIST_NODE_DEVICES_CAP_MDEV}: the mediated devices themselves. */
    public static final int LIST_MDEV = 1 << 14;

    static {
        Native.register(VirNodeDevice.class, LibvirtLibrary.require());
    }

    VirNodeDevice(Pointer pointer) {
        super(pointer, "node device", VirNodeDevice::virNodeDeviceFree);
    }

    /** {@code virNodeDeviceGetName}: kept in the handle. */
    public String name() {
        return Errors.borrowString(virNodeDeviceGetName(pointer()), "virNodeDeviceGetName");
    }

    /** The device's XML ({@code virNodeDeviceGetXMLDesc}), as {@code virsh nodedev-dumpxml} prints it. */
    public String xml() {
        return Errors.takeString(virNodeDeviceGetXMLDesc(pointer(), 0), "virNodeDeviceGetXMLDesc");
    }

    private static native int virNodeDeviceFree(Pointer device);

    /** {@code const char *virNodeDeviceGetName(virNodeDevicePtr dev)}: owned by the device object. */
    private static native Pointer virNodeDeviceGetName(Pointer device);

    /** {@code char *virNodeDeviceGetXMLDesc(virNodeDevicePtr dev, unsigned int flags)}: the caller frees it. */
    private static native Pointer virNodeDeviceGetXMLDesc(Pointer device, int flags);
}
