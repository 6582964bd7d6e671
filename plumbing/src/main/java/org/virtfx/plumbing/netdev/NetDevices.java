package org.virtfx.plumbing.netdev;

import java.net.InetAddress;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.net.IpPrefix;
import org.virtfx.core.net.MacAddress;

/**
 * The network devices of one network namespace: create, change and delete veth pairs, tap
 * devices and bridges. Implementations are thread-safe.
 *
 * <p>Creating reports a name already in use by returning {@code false} rather than throwing:
 * that is the one failure callers routinely recover from (by trying the next generated name),
 * and every other failure is a {@link VirtException}. Deleting a device that is already gone
 * succeeds, so that every undo can be run without first asking whether it is needed.
 */
public interface NetDevices extends AutoCloseable {

    /** The namespace these devices live in. */
    NetNamespace namespace();

    /**
     * Creates a veth pair: {@code name} here and {@code peer} in {@code peerNamespace}, created
     * there directly (moving a device between namespaces later is about a hundred times slower
     * and serialised by the kernel). The peer starts down; the host end starts as
     * {@code hostEnd} says, all in one request that the kernel carries out whole or not at all.
     *
     * @param peerMac the peer's address, set as it is created; empty for a random one
     * @return false when {@code name} here or {@code peer} there is already taken
     * @throws VirtException when the kernel refuses the pair or any part of {@code hostEnd}
     *                       (no device is left behind), or {@code hostEnd}'s bridge is missing
     */
    boolean createVeth(String name, String peer, NetNamespace peerNamespace, Optional<MacAddress> peerMac,
                       HostEnd hostEnd);

    /** {@link #createVeth(String, String, NetNamespace, Optional, HostEnd)} with both ends down. */
    default boolean createVeth(String name, String peer, NetNamespace peerNamespace, Optional<MacAddress> peerMac) {
        return createVeth(name, peer, peerNamespace, peerMac, HostEnd.DOWN);
    }

    /** Creates a persistent tap device ({@code IFF_TAP | IFF_NO_PI}); false when the name is taken. */
    boolean createTap(String name);

    /**
     * Creates a persistent tap device with address {@code mac}; false when the name is taken.
     * An implementation that can sets the address before the tap is made persistent, so that a
     * process killed in between leaves no tap, or one known by its address. This default sets it
     * just after, and removes the tap when that fails.
     */
    default boolean createTap(String name, MacAddress mac) {
        if (!createTap(name)) {
            return false;
        }
        try {
            setMac(name, mac);
        } catch (RuntimeException e) {
            try {
                delete(name);
            } catch (RuntimeException undoFailure) {
                e.addSuppressed(undoFailure);
            }
            throw e;
        }
        return true;
    }

    /** Creates a bridge, down and with no ports; false when the name is taken. */
    boolean createBridge(String name);

    /**
     * Turns on a bridge's multicast snooping (the kernel's default) and makes the bridge the
     * IGMP and MLD querier of its segment, or stops it querying. Only with a querier does the
     * kernel act on what it snooped: multicast then goes to the ports whose guests joined the
     * group, not to every port. The bridge can ask MLD questions only from an IPv6 link-local
     * address of its own, so this pays on a bridge that carries IPv6.
     */
    void setMulticastQuerier(String bridge, boolean querier);

    /**
     * Turns a bridge's multicast snooping off, or on again (the kernel's default). Without a
     * querier on its segment a snooping bridge floods every group anyway, yet each port's link
     * change still makes it restart every port's multicast state; a bridge that will never
     * query skips that work with snooping off.
     */
    void setMulticastSnooping(String bridge, boolean snooping);

    /**
     * Deletes a device (for a veth, both ends). Returns false when there was no such device,
     * which is not an error.
     */
    boolean delete(String name);

    /**
     * Deletes many devices at once, skipping those already gone. The kernel pays its
     * per-deletion wait (an RCU barrier, about 16 ms on a small VM) once for the whole batch
     * instead of once per device, so tearing down a network's hundred ports takes
     * milliseconds, not seconds. Implemented by putting the devices into a fresh random
     * device group and deleting that group.
     */
    void deleteAll(Collection<String> names);

    /** Renames a device; it must be down (the kernel refuses to rename a running device). */
    void rename(String name, String newName);

    void setMac(String name, MacAddress mac);

    void setMtu(String name, int mtu);

    void setUp(String name, boolean up);

    /**
     * Sets what {@code hostEnd} says of an existing device (a tap): its address, its bridge, its
     * link state, in one request where the implementation can. A refusal may leave part of it
     * applied; the caller undoes the device as a whole.
     */
    void configure(String name, HostEnd hostEnd);

    /** Makes {@code name} a port of {@code bridge}. */
    void attach(String name, String bridge);

    /** Takes {@code name} off whatever bridge it is a port of; a no-op when it is on none. */
    void detach(String name);

    /** Moves {@code name} into another namespace, keeping its name. */
    void moveTo(String name, NetNamespace target);

    /** Adds an address to a device; adding one it already has is not an error. */
    void addAddress(String name, IpPrefix address);

    /**
     * Adds a static route to {@code destination} through {@code gateway}, which must be reachable
     * on {@code name}; the route goes when the device does.
     *
     * @param metric the route's priority, lower first (libvirt's {@code <route metric>}, 1 by default)
     */
    void addRoute(String name, IpPrefix destination, InetAddress gateway, int metric);

    /** The addresses of a device, IPv4 and IPv6, link-local ones included. */
    List<IpPrefix> addresses(String name);

    Optional<LinkInfo> find(String name);

    List<LinkInfo> list();

    /** Releases what the implementation holds (a socket); the devices stay. */
    @Override
    void close();
}
