package org.virtfx.app.addhardware;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.Feature;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.host.HostDevice;
import org.virtfx.core.host.MediatedDevice;
import org.virtfx.core.host.MediatedDeviceType;
import org.virtfx.core.host.HostInterface;
import org.virtfx.core.network.NetworkSummary;
import org.virtfx.core.network.NetworkXml;
import org.virtfx.core.storage.PoolSummary;
import org.virtfx.core.storage.StorageXml;
import org.virtfx.core.storage.VolumeSummary;

/** Reads {@link HostSources}; blocks on the driver, so it runs as a task. A feature the connection lacks gives nothing. */
public final class HostSourcesReader {
    private HostSourcesReader() {
    }

    public static HostSources read(Connection connection) {
        List<NicSource> networks = new ArrayList<>();
        NetworkXml networkXml = new NetworkXml();
        List<NetworkSummary> networkList = connection.supports(Feature.VIRTUAL_NETWORKS) ? connection.networks().list()
                : List.of();
        for (NetworkSummary network : networkList) {
            String mode = networkXml.parse(connection.networks().xml(network.uuid(), false), network.name()).forwardMode();
            networks.add(NicSource.virtualNetwork(network.name(), forwardWords(mode), network.active()));
        }
        List<String> interfaces = connection.host().interfaces().stream().map(HostInterface::name).toList();
        List<PoolSummary> pools = connection.supports(Feature.STORAGE_POOLS)
                ? connection.storage().listPools().stream().filter(PoolSummary::active).toList() : List.of();
        PoolSummary pool = pools.stream().filter(p -> p.name().equals("default")).findFirst()
                .orElse(pools.isEmpty() ? null : pools.get(0));
        List<String> volumes = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (PoolSummary p : pools) {
            for (VolumeSummary volume : connection.storage().listVolumes(p.uuid())) {
                volumes.add(volume.path());
                if (p == pool) {
                    names.add(volume.name());
                }
            }
        }
        List<HostDevice> hostDevices = hostDevices(connection);
        boolean mdev = connection.supports(Feature.MEDIATED_HOST_DEVICES);
        List<MediatedDevice> mediated = mdev ? listed(() -> connection.host().mediatedDevices()) : List.of();
        List<MediatedDeviceType> mediatedTypes = mdev ? listed(() -> connection.host().mediatedDeviceTypes()) : List.of();
        if (pool == null) {
            return new HostSources(networks, interfaces, "", "", 0, volumes, names, hostDevices, mediated,
                    mediatedTypes);
        }
        String path = new StorageXml().parsePool(connection.storage().poolXml(pool.uuid(), false), pool.name())
                .targetPath();
        return new HostSources(networks, interfaces, pool.name(), path, pool.available(), volumes, names,
                hostDevices, mediated, mediatedTypes);
    }

    /** USB then PCI devices, of the kinds the connection can give a guest; none where it lists none. */
    private static List<HostDevice> hostDevices(Connection connection) {
        List<HostDevice> devices = new ArrayList<>();
        for (HostDevice.Kind kind : HostDevice.Kind.values()) {
            Feature attach = kind == HostDevice.Kind.USB ? Feature.USB_HOST_DEVICES : Feature.PCI_HOST_DEVICES;
            if (connection.supports(attach)) {
                devices.addAll(listed(() -> connection.host().devices(kind)));
            }
        }
        return devices;
    }

    /** What the driver lists, or nothing from a driver that does not list such devices. */
    private static <T> List<T> listed(Supplier<List<T>> list) {
        try {
            return list.get();
        } catch (VirtException e) {
            if (e.code() != ErrorCode.NO_SUPPORT) {
                throw e;
            }
            return List.of();
        }
    }

    /** virt-manager's words for a network's forward mode. */
    public static String forwardWords(String mode) {
        return switch (mode == null ? "" : mode) {
            case "nat" -> "NAT";
            case "route" -> "Routed";
            case "open" -> "Open";
            case "bridge" -> "Bridge";
            case "" -> "Isolated network";
            default -> mode;
        };
    }
}
