package org.virtfx.plumbing.virtnet;

/**
 * What a guest interface joining a running virtual network needs to know of it.
 *
 * @param bridge    the bridge its host end is plugged into
 * @param guestIpv6 whether the network carries IPv6 between its guests: an IPv6 {@code <ip>},
 *                  {@code <network ipv6='yes'>} (libvirt's switch for guest-to-guest IPv6 on a
 *                  network without IPv6 addresses), or a host bridge whose LAN is not ours to judge
 */
public record NetworkAttachment(String bridge, boolean guestIpv6) {
}
