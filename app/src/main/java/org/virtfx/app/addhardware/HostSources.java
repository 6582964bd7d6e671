package org.virtfx.app.addhardware;

import java.util.List;
import org.virtfx.core.host.HostDevice;
import org.virtfx.core.host.MediatedDevice;
import org.virtfx.core.host.MediatedDeviceType;

/**
 * What Add Hardware offers from the connection: its virtual networks and host interfaces for
 * a network interface, and the default pool with its volumes for storage.
 *
 * @param pool the pool new disk images go to ("default" if there is one, else the first
 *             active pool); empty when the connection has none
 * @param poolPath that pool's directory
 * @param poolAvailableBytes free space in it
 * @param volumes paths of the existing volumes of every active pool, for "Select custom storage"
 * @param volumeNames names of the volumes already in {@code pool}, so a new image's name is free
 * @param hostDevices the host's USB and PCI devices; empty when the driver does not list them
 * @param mediatedDevices the host's mediated devices; empty when it has none or the driver does not list them
 * @param mediatedTypes the mediated device types the host could make, said when there is no device to pick
 */
public record HostSources(List<NicSource> networks, List<String> interfaces, String pool, String poolPath,
                          long poolAvailableBytes, List<String> volumes, List<String> volumeNames,
                          List<HostDevice> hostDevices, List<MediatedDevice> mediatedDevices,
                          List<MediatedDeviceType> mediatedTypes) {
    public static final HostSources NONE = new HostSources(List.of(), List.of(), "", "", 0, List.of(), List.of(),
            List.of(), List.of(), List.of());

    public HostSources {
        networks = List.copyOf(networks);
        interfaces = List.copyOf(interfaces);
        volumes = List.copyOf(volumes);
        volumeNames = List.copyOf(volumeNames);
        hostDevices = List.copyOf(hostDevices);
        mediatedDevices = List.copyOf(mediatedDevices);
        mediatedTypes = List.copyOf(mediatedTypes);
    }
}
