/**
 * Host network devices for the native drivers: veth pairs, tap devices and bridges, the names
 * they get, and the network namespaces they live in.
 *
 * <p>{@link org.virtfx.core.netdev.NetDevices} is the one interface to the kernel's device
 * table; {@link org.virtfx.core.netdev.NetlinkDevices} speaks rtnetlink through JNA (the
 * default) and {@link org.virtfx.core.netdev.IpRouteDevices} runs iproute2's {@code ip} (the
 * fallback). Each instance works inside one {@link org.virtfx.core.netdev.NetNamespace}.
 * {@link org.virtfx.core.netdev.DeviceNames} hands out generated names by libvirt's rule, and
 * {@link org.virtfx.core.netdev.VethPairs} and {@link org.virtfx.core.netdev.TapDevices} put
 * the pieces together so that every failure undoes what it made.
 */
package org.virtfx.core.netdev;
