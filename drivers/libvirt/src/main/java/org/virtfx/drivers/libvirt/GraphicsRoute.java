package org.virtfx.drivers.libvirt;

import java.nio.channels.ByteChannel;
import org.virtfx.drivers.libvirt.binding.SocketDescriptorChannel;
import org.virtfx.drivers.libvirt.binding.VirDomain;

/**
 * How this connection reaches a running domain's VNC server without opening a port for it: a
 * descriptor the daemon hands over on a local socket, or an ssh channel to the remote host.
 */
interface GraphicsRoute {
    /** A byte stream to the domain's first graphics server; the caller closes it. */
    ByteChannel open(VirDomain domain);

    /** The daemon's own descriptor ({@code virDomainOpenGraphicsFD}), over a local UNIX socket. */
    GraphicsRoute PASSED_DESCRIPTOR = domain ->
            new SocketDescriptorChannel(domain.openGraphicsFd(0, VirDomain.GRAPHICS_SKIP_AUTH));
}
