package org.virtfx.core.domain;

/**
 * What {@code virsh dominfo} and the CPU graphs need: state, vCPUs, maximum and current memory
 * in KiB, and CPU time used since start in nanoseconds.
 */
public record DomainStats(DomainState state, int vcpus, long maxMemoryKiB, long memoryKiB,
                          long cpuTimeNanos) {
}
