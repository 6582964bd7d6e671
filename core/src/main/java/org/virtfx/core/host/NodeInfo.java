package org.virtfx.core.host;

/**
 * What {@code virsh nodeinfo} shows: CPU model, memory in KiB, logical CPUs, clock in MHz and
 * the NUMA and socket topology.
 */
public record NodeInfo(String model, long memoryKiB, int cpus, int mhz, int numaNodes,
                       int socketsPerNode, int coresPerSocket, int threadsPerCore) {
}
