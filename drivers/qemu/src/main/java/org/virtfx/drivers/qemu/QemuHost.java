package org.virtfx.drivers.qemu;

import org.virtfx.core.config.LoadWarnings;
import org.virtfx.core.event.EventBus;
import org.virtfx.plumbing.host.LinuxHost;
import org.virtfx.plumbing.netdev.NetDevices;
import org.virtfx.plumbing.netdev.NetlinkDevices;
import org.virtfx.plumbing.netdev.TapDevices;
import org.virtfx.plumbing.storage.DirectoryPools;
import org.virtfx.plumbing.virtnet.VirtualNetworks;

/**
 * The QEMU driver's state for one configuration: VMs, the directory storage pools their disks
 * come from, on a system driver the virtual networks they plug into, and one event bus. Every connection to the same configuration shares it, as
 * every libvirt client shares its daemon's state.
 */
final class QemuHost implements AutoCloseable {
    final EventBus events = new EventBus();
    /** Null for a session driver, which has no networks and no taps. */
    final NetDevices devices;
    final VirtualNetworks networks;
    final QemuDomains domains;
    final QemuHostFacts facts;
    final DirectoryPools pools;
    /** Definition and state files skipped at load, for the connection's details. */
    final LoadWarnings warnings = new LoadWarnings();

    QemuHost(QemuDriverConfig config, StartProbe probe) {
        this.devices = config.hostNetwork().map(NetlinkDevices::open).orElse(null);
        try {
            this.networks = devices == null ? null : new VirtualNetworks(config.configDirectory().resolve("networks"),
                    config.stateDirectory().resolve("networks"), devices, events, warnings);
            this.facts = new QemuHostFacts(new LinuxHost(), config.kvmDevice());
            this.pools = new DirectoryPools(config.poolDirectory(), config.poolStateDirectory(), events, warnings);
            this.domains = new QemuDomains(config, networks, devices == null ? null : new TapDevices(devices), pools,
                    events, probe, warnings);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Lets go of the VMs (they keep running, and the next state finds them again) and releases
     * the netlink socket; networks keep running.
     */
    @Override
    public void close() {
        if (domains != null) {
            domains.detachAll();
        }
        if (devices != null) {
            devices.close();
        }
    }
}
