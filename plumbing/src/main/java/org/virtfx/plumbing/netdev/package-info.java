/**
 * Host network devices for the native drivers: veth pairs, tap devices and bridges, the names
 * they get, and the network namespaces they live in.
 *
 * <p>{@link org.virtfx.plumbing.netdev.NetDevices} is the one interface to the kernel's device
 * table; {@link org.virtfx.plumbing.netdev.NetlinkDevices} speaks rtnetlink through JNA (the
 * default) and {@link org.virtfx.plumbing.netdev.IpRouteDevices} runs iproute2's {@code ip} (the
 * fallback). Each instance works inside one {@link org.virtfx.plumbing.netdev.NetNamespace}.
 * {@link org.virtfx.plumbing.netdev.DeviceNames} hands out generated names by libvirt's rule, and
 * {@link org.virtfx.plumbing.netdev.VethPairs} and {@link org.virtfx.plumbing.netdev.TapDevices} put
 * the pieces together so that every failure undoes what it made.
 */
package org.virtfx.plumbing.netdev;
