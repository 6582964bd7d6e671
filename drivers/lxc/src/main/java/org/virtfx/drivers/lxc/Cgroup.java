package org.virtfx.drivers.lxc;

import java.nio.file.Path;
import java.util.List;

/**
 * One container's control group, on whichever hierarchy the host has. The supervisor writes
 * the container's init into {@link #procsFiles()} before init runs a single instruction of its
 * own, so everything the container ever starts is counted, limited and frozen with it.
 */
interface Cgroup {

    /** The {@code cgroup.procs} files init joins: one per v1 hierarchy, one on v2. */
    List<Path> procsFiles();

    /** Applies limits; a limit whose controller the host does not have is skipped. */
    void apply(ResourceLimits limits);

    /** Freezes every task and returns once the kernel reports the group frozen. */
    void freeze();

    void thaw();

    /** Whether the group is frozen now, for a driver that finds a paused container again. */
    boolean frozen();

    /** CPU time used by every task of the group, ever, in nanoseconds. */
    long cpuTimeNanos();

    /** Memory in use by the group (page cache included, as the kernel counts it), in bytes. */
    long memoryBytes();

    /** Pids of the tasks in the group, as the host sees them. */
    List<Long> pids();

    /** Kills every task at once ({@code cgroup.kill} on v2, SIGKILL to each task on v1). */
    void killAll();

    /** Removes the group; already gone is fine. The group must be empty. */
    void remove();
}
