package org.virtfx.core.host;

import java.util.List;
import org.virtfx.core.error.VirtException;

/** Facts about the host behind a connection. */
public interface HostFamily {

    /** The driver's name, used in "unsupported by" errors. */
    String driverName();

    default NodeInfo nodeInfo() {
        throw VirtException.unsupported(driverName(), "nodeinfo");
    }

    default List<NumaCell> numaCells() {
        throw VirtException.unsupported(driverName(), "NUMA cells");
    }

    /** The capabilities document, as {@code virsh capabilities} prints it. */
    default String capabilitiesXml() {
        throw VirtException.unsupported(driverName(), "capabilities");
    }

    default String hostname() {
        throw VirtException.unsupported(driverName(), "hostname");
    }

    /** The hypervisor's type as virsh version names it ("TEST", "QEMU", "LXC"). */
    default String hypervisorType() {
        throw VirtException.unsupported(driverName(), "hypervisor type");
    }

    default VersionNumber hypervisorVersion() {
        throw VirtException.unsupported(driverName(), "hypervisor version");
    }

    /** The version of the library the connection runs on (VirtFX's own for native drivers). */
    default VersionNumber libraryVersion() {
        throw VirtException.unsupported(driverName(), "library version");
    }

    /** The host's network interfaces. */
    default List<HostInterface> interfaces() {
        throw VirtException.unsupported(driverName(), "iface-list");
    }

    /** Host CPU and memory use, for the connection's graphs. */
    default HostUsage usage() {
        throw VirtException.unsupported(driverName(), "host usage");
    }

    /**
     * The host's devices of one kind that a guest can be given (Add Hardware's USB and PCI
     * pickers), as libvirt's node device driver lists them.
     */
    default List<HostDevice> devices(HostDevice.Kind kind) {
        throw VirtException.unsupported(driverName(), "host devices");
    }

    /** The host's mediated devices, which a guest takes by UUID ({@code virsh nodedev-list --cap mdev}). */
    default List<MediatedDevice> mediatedDevices() {
        throw VirtException.unsupported(driverName(), "mediated devices");
    }

    /** The mediated device types the host's devices can make ({@code virsh nodedev-list --cap mdev_types}). */
    default List<MediatedDeviceType> mediatedDeviceTypes() {
        throw VirtException.unsupported(driverName(), "mediated devices");
    }
}
