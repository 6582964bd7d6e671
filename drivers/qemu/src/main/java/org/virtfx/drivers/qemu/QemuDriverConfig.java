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
 * @param poolDirectory   storage pool definitions, as libvirt keeps {@code /etc/libvirt/storage}
 * @param poolStateDirectory running pools' state, as libvirt keeps {@code /run/libvirt/storage}
 * @param saveDirectory   managed save images, as libvirt keeps {@code /var/lib/libvirt/qemu/save}
 */
public record QemuDriverConfig(Path configDirectory, Path stateDirectory, Optional<NetNamespace> hostNetwork,
                               Path kvmDevice, Path poolDirectory, Path poolStateDirectory, Path saveDirectory) {

    public static final Path KVM = Path.of("/dev/kvm");

    /**
     * As libvirt lays out /etc/libvirt/qemu, /etc/libvirt/storage, their /run twins and
     * /var/lib/libvirt/qemu/save, under virtfx.
     */
    public static QemuDriverConfig system() {
        return new QemuDriverConfig(Path.of("/etc/virtfx/qemu"), Path.of("/run/virtfx/qemu"),
                Optional.of(NetNamespace.current()), KVM, Path.of("/etc/virtfx/storage"), Path.of("/run/virtfx/storage"),
                Path.of("/var/lib/virtfx/qemu/save"));
    }

    /**
     * As libvirt's embedded drivers: everything under one root, definitions in {@code etc/}
     * (pools in {@code etc/storage/}), state in {@code run/} (pools' in {@code run/storage/}),
     * managed save images in {@code lib/save/}.
     */
    public static QemuDriverConfig embedded(Path root, Optional<NetNamespace> hostNetwork) {
        return new QemuDriverConfig(root.resolve("etc"), root.resolve("run"), hostNetwork, KVM,
                root.resolve("etc/storage"), root.resolve("run/storage"), root.resolve("lib/save"));
    }

    /**
     * As libvirt's session driver: definitions under {@code $XDG_CONFIG_HOME} (else
     * {@code ~/.config}), running state under {@code $XDG_RUNTIME_DIR} (else {@code ~/.cache});
     * storage pools beside the domains, as libvirt's {@code ~/.config/libvirt/storage}, and
     * managed save images under the domains', as its {@code ~/.config/libvirt/qemu/save}.
     */
    public static QemuDriverConfig session(Map<String, String> env, Path home) {
        Path config = Optional.ofNullable(env.get("XDG_CONFIG_HOME")).filter(s -> s.startsWith("/")).map(Path::of)
                .orElse(home.resolve(".config"));
        Path runtime = Optional.ofNullable(env.get("XDG_RUNTIME_DIR")).filter(s -> s.startsWith("/")).map(Path::of)
                .orElse(home.resolve(".cache"));
        return new QemuDriverConfig(config.resolve("virtfx/qemu"), runtime.resolve("virtfx/qemu/run"), Optional.empty(),
                KVM, config.resolve("virtfx/storage"), runtime.resolve("virtfx/storage/run"),
                config.resolve("virtfx/qemu/save"));
    }
}
