package org.virtfx.drivers.lxc;

import java.util.Optional;

/**
 * The limits one container's cgroup gets.
 *
 * @param memoryBytes hard memory limit
 * @param cpuShares   libvirt's CPU shares (v1 {@code cpu.shares}; converted to a v2 weight)
 * @param pidsMax     most tasks the container may have, a guard against fork bombs; 0 for none
 */
record ResourceLimits(long memoryBytes, Optional<Long> cpuShares, long pidsMax) {
}
