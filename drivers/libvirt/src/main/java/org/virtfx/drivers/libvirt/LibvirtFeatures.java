package org.virtfx.drivers.libvirt;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.virtfx.core.connect.ConnectionUri;
import org.virtfx.core.connect.Feature;
import org.virtfx.core.error.VirtException;
import org.virtfx.drivers.libvirt.binding.VirConnect;

/**
 * What a libvirt connection offers, decided per hypervisor as libvirt's drivers implement it,
 * and limited to what this binding's families do so far: a feature is only claimed where the
 * application can use it through this driver. Whether the connection has a network or storage
 * driver at all is asked of libvirt (a bare {@code virtqemud} without {@code virtnetworkd} has no
 * networks).
 */
final class LibvirtFeatures {
    /** The domain features of libvirt's hypervisor drivers, by {@code virConnectGetType}. */
    private static final Map<String, Set<Feature>> BY_HYPERVISOR = Map.of(
            // libvirt's test driver keeps storage as bookkeeping, so a clone names plain files
            // without copying them, as virt-clone does on it.
            // It keeps any <hostdev> in a definition, and plugs nothing into a running domain
            // (no virDomainAttachDeviceFlags).
            "TEST", EnumSet.of(Feature.SNAPSHOTS, Feature.MANAGED_SAVE, Feature.STORAGE_CLONE, Feature.FIRMWARE_AUTOSELECT,
                    Feature.LIVE_RESOURCE_CHANGES, Feature.USB_HOST_DEVICES, Feature.PCI_HOST_DEVICES,
                    Feature.MEDIATED_HOST_DEVICES),
            "QEMU", EnumSet.of(Feature.SNAPSHOTS, Feature.MANAGED_SAVE, Feature.LIVE_DEVICE_CHANGES,
                    Feature.LIVE_RESOURCE_CHANGES, Feature.TEXT_CONSOLE, Feature.GRAPHICS_CONSOLE, Feature.MIGRATION,
                    Feature.NETWORK_LEASES, Feature.FIRMWARE_AUTOSELECT, Feature.USB_HOST_DEVICES,
                    Feature.PCI_HOST_DEVICES, Feature.MEDIATED_HOST_DEVICES),
            // libvirt's LXC driver takes USB devices as device nodes, but a container gets no
            // emulated hardware in VirtFX, so Add Hardware never offers them there.
            "LXC", EnumSet.of(Feature.LIVE_DEVICE_CHANGES, Feature.TEXT_CONSOLE, Feature.NETWORK_LEASES),
            // libxl passes PCI and USB devices through, live too; it has no mediated devices.
            "Xen", EnumSet.of(Feature.MANAGED_SAVE, Feature.LIVE_DEVICE_CHANGES, Feature.TEXT_CONSOLE,
                    Feature.GRAPHICS_CONSOLE, Feature.MIGRATION, Feature.NETWORK_LEASES, Feature.USB_HOST_DEVICES,
                    Feature.PCI_HOST_DEVICES));

    /** What the families of this driver implement. */
    private static final Set<Feature> IMPLEMENTED = EnumSet.of(Feature.SNAPSHOTS, Feature.MANAGED_SAVE,
            Feature.LIVE_DEVICE_CHANGES, Feature.STORAGE_CLONE, Feature.VIRTUAL_NETWORKS, Feature.TRANSIENT_NETWORKS,
            Feature.NETWORK_LEASES, Feature.STORAGE_POOLS,
            Feature.TEXT_CONSOLE, Feature.GRAPHICS_CONSOLE, Feature.MIGRATION, Feature.FIRMWARE_AUTOSELECT,
            Feature.LIVE_RESOURCE_CHANGES, Feature.USB_HOST_DEVICES, Feature.PCI_HOST_DEVICES,
            Feature.MEDIATED_HOST_DEVICES);

    private LibvirtFeatures() {
    }

    static Set<Feature> of(VirConnect conn, ConnectionUri uri) {
        Set<Feature> features = EnumSet.noneOf(Feature.class);
        features.addAll(BY_HYPERVISOR.getOrDefault(conn.type(), Set.of()));
        if (!passesDescriptors(uri) && !uri.transport().equals("ssh")) {
            features.remove(Feature.GRAPHICS_CONSOLE);
        }
        if (answers(conn::numberOfNetworks)) {
            features.add(Feature.VIRTUAL_NETWORKS);
            features.add(Feature.TRANSIENT_NETWORKS);
        } else {
            features.remove(Feature.NETWORK_LEASES);
        }
        if (answers(conn::numberOfStoragePools)) {
            features.add(Feature.STORAGE_POOLS);
        }
        features.retainAll(IMPLEMENTED);
        return Set.copyOf(features);
    }

    /**
     * Whether the connection runs over the daemon's local UNIX socket, the only transport that
     * can hand over the graphics descriptor ({@code virDomainOpenGraphicsFD}); over SSH or TLS
     * libvirt refuses it. Over SSH the console goes through ssh instead ({@link SshGraphicsTunnel}).
     */
    static boolean passesDescriptors(ConnectionUri uri) {
        return uri.host().isEmpty() && (uri.transport().isEmpty() || uri.transport().equals("unix"));
    }

    private static boolean answers(Runnable probe) {
        try {
            probe.run();
            return true;
        } catch (VirtException noDriver) {
            return false;
        }
    }
}
