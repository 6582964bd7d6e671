package org.virtfx.core.domain;

import java.util.List;

/**
 * What {@code virsh dominfo} and the performance graphs need: state, vCPUs, maximum and current
 * memory in KiB, CPU time used since start in nanoseconds, and the I/O counters of each disk
 * and network interface since start ({@code virsh domblkstat}, {@code domifstat}). A driver
 * that cannot count a device's I/O leaves it out.
 *
 * @param disks      by target ({@code vda}), as libvirt's {@code virDomainBlockStats}
 * @param interfaces by host device ({@code vnet0}), counted as the guest sees them, as
 *                   libvirt's {@code virDomainInterfaceStats}
 */
public record DomainStats(DomainState state, int vcpus, long maxMemoryKiB, long memoryKiB,
                          long cpuTimeNanos, List<DiskIo> disks, List<InterfaceIo> interfaces) {

    public DomainStats {
        disks = List.copyOf(disks);
        interfaces = List.copyOf(interfaces);
    }

    /** Statistics without I/O counters, for drivers that have none. */
    public DomainStats(DomainState state, int vcpus, long maxMemoryKiB, long memoryKiB, long cpuTimeNanos) {
        this(state, vcpus, maxMemoryKiB, memoryKiB, cpuTimeNanos, List.of(), List.of());
    }

    /** One disk's reads and writes: requests completed and bytes moved. */
    public record DiskIo(String target, long readRequests, long readBytes, long writeRequests, long writeBytes) {
    }

    /** One interface's traffic, received and sent by the guest: bytes and packets. */
    public record InterfaceIo(String device, long rxBytes, long rxPackets, long txBytes, long txPackets) {
    }

    /** Bytes read from every disk, for a graph of the domain's disk I/O. */
    public long diskReadBytes() {
        return disks.stream().mapToLong(DiskIo::readBytes).sum();
    }

    /** Bytes written to every disk. */
    public long diskWriteBytes() {
        return disks.stream().mapToLong(DiskIo::writeBytes).sum();
    }

    /** Bytes the guest received on every interface, for a graph of its network I/O. */
    public long networkRxBytes() {
        return interfaces.stream().mapToLong(InterfaceIo::rxBytes).sum();
    }

    /** Bytes the guest sent on every interface. */
    public long networkTxBytes() {
        return interfaces.stream().mapToLong(InterfaceIo::txBytes).sum();
    }
}
