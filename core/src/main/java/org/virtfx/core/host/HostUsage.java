package org.virtfx.core.host;

/** Cumulative host CPU time (all CPUs) and memory in use, sampled at one moment. */
public record HostUsage(long cpuTimeNanos, long memoryUsedKiB, long memoryTotalKiB, long sampledAtNanos) {
}
