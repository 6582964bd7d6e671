package org.virtfx.plumbing.host;

import java.util.List;
import org.virtfx.core.host.HostDevice;
import org.virtfx.core.host.HostFamily;
import org.virtfx.core.host.HostInterface;
import org.virtfx.core.host.HostUsage;
import org.virtfx.core.host.MediatedDevice;
import org.virtfx.core.host.MediatedDeviceType;
import org.virtfx.core.host.NodeInfo;
import org.virtfx.core.host.NumaCell;
import org.virtfx.core.host.VersionNumber;

/**
 * The host facts every native driver reports alike, read from the Linux host it runs on: node
 * information, NUMA cells, hostname, interfaces, usage, the USB and PCI devices and the mediated devices, with libvirt's release as the
 * library version. A driver adds its name, hypervisor and capabilities document.
 */
public abstract class LinuxHostFacts implements HostFamily {
    protected final LinuxHost host;
    private final SysfsHostDevices devices = new SysfsHostDevices();
    private final SysfsMediatedDevices mediated = new SysfsMediatedDevices();

    protected LinuxHostFacts(LinuxHost host) {
        this.host = host;
    }

    @Override
    public NodeInfo nodeInfo() {
        return host.nodeInfo();
    }

    @Override
    public List<NumaCell> numaCells() {
        return host.numaCells();
    }

    @Override
    public String hostname() {
        return host.hostname();
    }

    @Override
    public VersionNumber libraryVersion() {
        return VersionNumber.LIBVIRT_COMPATIBLE;
    }

    @Override
    public List<HostInterface> interfaces() {
        return host.interfaces();
    }

    @Override
    public HostUsage usage() {
        return host.usage();
    }

    @Override
    public List<HostDevice> devices(HostDevice.Kind kind) {
        return devices.list(kind);
    }

    @Override
    public List<MediatedDevice> mediatedDevices() {
        return mediated.devices();
    }

    @Override
    public List<MediatedDeviceType> mediatedDeviceTypes() {
        return mediated.types();
    }
}
