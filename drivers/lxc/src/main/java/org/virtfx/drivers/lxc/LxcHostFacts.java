package org.virtfx.drivers.lxc;

import java.nio.file.Path;
import java.util.List;
import org.virtfx.core.host.HostCapabilities;
import org.virtfx.core.host.VersionNumber;
import org.virtfx.plumbing.host.LinuxHost;
import org.virtfx.plumbing.host.LinuxHostFacts;

/**
 * The host facts of {@code lxc:///}, as libvirt's LXC driver reports them: the real host's node
 * information and NUMA cells, the kernel's version as the hypervisor's, and a capabilities
 * document whose guests run containers ({@code exe}) of the host's architecture, and of i686
 * on an x86_64 host, with the supervisor as their emulator.
 */
final class LxcHostFacts extends LinuxHostFacts {
    private final Path supervisor;

    LxcHostFacts(LinuxHost host, Path supervisor) {
        super(host);
        this.supervisor = supervisor;
    }

    @Override
    public String driverName() {
        return LxcDriver.NAME;
    }

    @Override
    public String capabilitiesXml() {
        String arch = host.arch();
        List<HostCapabilities.Guest> guests = arch.equals("x86_64")
                ? List.of(guest("x86_64", 64), guest("i686", 32))
                : List.of(guest(arch, arch.endsWith("64") ? 64 : 32));
        return new HostCapabilities(host.uuid(), arch, host.nodeInfo(), host.numaCells(), "none", guests).xml();
    }

    private HostCapabilities.Guest guest(String arch, int wordSize) {
        return new HostCapabilities.Guest("exe", arch, wordSize, supervisor.toString(), List.of(LxcDriver.NAME));
    }

    @Override
    public String hypervisorType() {
        return "LXC";
    }

    @Override
    public VersionNumber hypervisorVersion() {
        return host.kernelVersion();
    }
}
