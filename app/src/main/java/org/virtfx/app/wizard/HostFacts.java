package org.virtfx.app.wizard;

import java.util.List;
import java.util.Set;

/**
 * What the wizard needs to know about the chosen connection, read once in the background.
 *
 * @param domainType the {@code <domain type>} to create, from the host's capabilities
 * @param containers whether the host runs containers ({@code <os_type>exe</os_type>})
 * @param machines whether the host runs machines ({@code hvm})
 * @param poolName the first active storage pool, where new disk images go; empty if none
 * @param poolPath that pool's directory
 * @param poolAvailableBytes free space in it
 * @param arch the architecture of the host's first machine guest ("x86_64"), for osinfo's resources
 * @param storagePools whether the connection has storage pools to pick install media from
 * @param volumes the volumes of its active pools
 * @param uefi how a machine that needs UEFI gets it
 * @param q35 whether the host's x86_64 machines may be q35: QEMU's, where its capabilities list
 *            q35 or, as VirtFX's own QEMU driver's (which takes pc and q35), no machine types
 */
public record HostFacts(String domainType, boolean containers, boolean machines, long memoryMiB, int cpus,
                        Set<String> domainNames, List<NetworkChoice> networks, String poolName, String poolPath,
                        long poolAvailableBytes, String arch, boolean storagePools, List<VolumeChoice> volumes,
                        UefiFirmware uefi, boolean q35) {

    public HostFacts {
        domainNames = Set.copyOf(domainNames);
        networks = List.copyOf(networks);
        volumes = List.copyOf(volumes);
    }
}
