package org.virtfx.core.virtnet;

import java.net.InetAddress;
import java.time.Instant;
import java.util.Optional;
import org.virtfx.core.netdev.MacAddress;

/** A DHCP lease handed out by a network's dnsmasq, as {@code virsh net-dhcp-leases} lists it. */
public record DhcpLease(Instant expiry, MacAddress mac, InetAddress ip, Optional<String> hostname) {
}
