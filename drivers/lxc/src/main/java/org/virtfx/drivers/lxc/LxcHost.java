package org.virtfx.drivers.lxc;

import java.nio.file.Path;
import org.virtfx.core.config.LoadWarnings;
import org.virtfx.core.event.EventBus;
import org.virtfx.plumbing.host.LinuxHost;
import org.virtfx.plumbing.netdev.NetDevices;
import org.virtfx.plumbing.netdev.NetlinkDevices;
import org.virtfx.plumbing.netdev.VethPairs;
import org.virtfx.plumbing.virtnet.VirtualNetworks;

/**
 * The LXC driver's state for one configuration: containers, the virtual networks they plug
 * into, and one event bus for both. Every connection to the same configuration shares it, as
 * every libvirt client shares its daemon's state: two states over the same directories would
 * each believe they own the same containers.
 */
final class LxcHost implements AutoCloseable {
    final NetDevices devices;
    final EventBus events = new EventBus();
    final VirtualNetworks networks;
    final LxcDomains domains;
    final LxcHostFacts facts;
    final CgroupHierarchy cgroups;
    /** Definition and state files skipped at load, for the connection's details. */
    final LoadWarnings warnings = new LoadWarnings();
    private final boolean ownCgroupParent;

    /**
     * @param ownCgroupParent remove the cgroup parent when closed, if empty: for an embedded
     *                        driver or a test, whose parent is theirs alone
     */
    LxcHost(LxcDriverConfig config, CgroupHierarchy cgroups, StartProbe probe, boolean ownCgroupParent) {
        this.cgroups = cgroups;
        this.ownCgroupParent = ownCgroupParent;
        this.devices = NetlinkDevices.open(config.hostNetwork());
        try {
            this.networks = new VirtualNetworks(config.configDirectory().resolve("networks"),
                    config.stateDirectory().resolve("networks"), devices, events, warnings);
            Path supervisor = SupervisorProgram.forThisRun(config.stateDirectory());
            this.facts = new LxcHostFacts(new LinuxHost(), supervisor);
            this.domains = new LxcDomains(config, cgroups, new VethPairs(devices), NetlinkDevices::open, networks,
                    events, probe, supervisor, warnings);
        } catch (RuntimeException e) {
            devices.close();
            throw e;
        }
    }

    /**
     * Stops watching containers (waiting for a clean-up under way) and releases the netlink
     * socket; containers and networks keep running.
     */
    @Override
    public void close() {
        domains.close();
        devices.close();
        if (ownCgroupParent) {
            cgroups.removeParent();
        }
    }
}
