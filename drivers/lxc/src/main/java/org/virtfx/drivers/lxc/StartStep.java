package org.virtfx.drivers.lxc;

/** The steps of a container start, in order; each undoes itself if a later one fails. */
enum StartStep {
    /** Create the container's cgroup and apply its limits. */
    CGROUP,
    /** Start the supervisor: init exists, parked, in its new namespaces. */
    SUPERVISOR,
    /** Create the veth pairs, peers directly inside the container's network namespace. */
    INTERFACES,
    /** Let init mount, name itself and exec the init program. */
    RELEASE
}
