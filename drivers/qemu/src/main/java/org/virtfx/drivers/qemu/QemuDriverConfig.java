package org.virtfx.drivers.qemu;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.virtfx.plumbing.netdev.NetNamespace;

/**
 * Where the QEMU driver keeps things and which host resources it uses; tests point every one
 * of these somewhere of their own.
 *
 * @param configDirectory domain definitions ({@code NAME.xml}, {@code autostart/}) and, under
 *                        {@code networks/}, the virtual networks'
 * @param stateDirectory  running VMs' live XML, pid files and, per VM, a private directory with
 *                        its monitor and VNC sockets; lost at reboot, as it should be
 * @param hostNetwork     the network namespace bridges and taps live in, empty for a session
 *                        driver, which has no virtual networks and no taps (no privilege)
 * @param kvmDevice       the KVM device a {@code kvm} domain's start tries to open
 */
public record QemuDriverConfig(Path configDirectory, Path stateDirectory, Optional<NetNamespace> hostNetwork,
                               Path kvmDevice) {

    public static final Path KVM = Path.of("/dev/kvm");

    /** As libvirt lays out /etc/libvirt/qemu and /run/libvirt/qemu, under virtfx. */
    public static QemuDriverConfig system() {
        return new QemuDriverConfig(Path.of("/etc/virtfx/qemu"), Path.of("/run/virtfx/qemu"),
                Optional.of(NetNamespace.current()), KVM);
    }

    /**
     * As libvirt's session driver: definitions under {@code $XDG_CONFIG_HOME} (else
     * {@code ~/.config}), running state under {@code $XDG_RUNTIME_DIR} (else {@code ~/.cache}).
     */
    public static QemuDriverConfig session(Map<String, String> env, Path home) {
        Path config = Optional.ofNullable(env.get("XDG_CONFIG_HOME")).filter(s -> s.startsWith("/")).map(Path::of)
                .orElse(home.resolve(".config"));
        Path runtime = Optional.ofNullable(env.get("XDG_RUNTIME_DIR")).filter(s -> s.startsWith("/")).map(Path::of)
                .orElse(home.resolve(".cache"));
        return new QemuDriverConfig(config.resolve("virtfx/qemu"), runtime.resolve("virtfx/qemu/run"), Optional.empty(),
                KVM);
    }
}
