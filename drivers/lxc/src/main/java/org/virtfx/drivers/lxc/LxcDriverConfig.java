package org.virtfx.drivers.lxc;

import java.nio.file.Path;
import org.virtfx.plumbing.netdev.NetNamespace;

/**
 * Where the LXC driver keeps things and which host resources it uses; tests point every one of
 * these somewhere of their own.
 *
 * @param configDirectory domain definitions ({@code NAME.xml}, {@code autostart/}) and, under
 *                        {@code networks/}, the virtual networks'
 * @param stateDirectory  running containers' live XML, state files and logs, the supervisor
 *                        program in a run from a checkout (an installation ships its own), and
 *                        the networks' dnsmasq state; lost at reboot, as it should be
 * @param hostNetwork     the network namespace bridges and host ends of veth pairs live in
 * @param cgroupParent    the group under which each container gets its own
 * @param pidsMax         most tasks one container may have; 0 for no limit
 */
public record LxcDriverConfig(Path configDirectory, Path stateDirectory, NetNamespace hostNetwork,
                              String cgroupParent, long pidsMax) {

    /** As libvirt lays out /etc/libvirt/lxc and /run/libvirt/lxc, under virtfx. */
    public static LxcDriverConfig system() {
        return new LxcDriverConfig(Path.of("/etc/virtfx/lxc"), Path.of("/run/virtfx/lxc"), NetNamespace.current(),
                "virtfx", 16384);
    }
}
