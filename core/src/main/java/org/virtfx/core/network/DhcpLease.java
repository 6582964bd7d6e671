package org.virtfx.core.network;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Optional;
import org.virtfx.core.net.IpText;
import org.virtfx.core.net.MacAddress;

/**
 * A DHCP lease handed out by a network's dnsmasq, with what {@code virsh net-dhcp-leases} lists:
 * expiry, MAC address, protocol, address with the subnet's prefix, host name and client id
 * (IPv4) or DUID (IPv6).
 *
 * @param expiry   when the lease runs out; the epoch for an infinite lease, as dnsmasq writes it
 * @param mac      the client's MAC address. A DHCPv6 lease does not carry one: it is the MAC the
 *                 client's DUID was built from (DUID-LLT or DUID-LL over Ethernet), usually the
 *                 guest's first interface, and empty for other DUIDs
 * @param ip       the leased address
 * @param prefix   the prefix length of the network's subnet the address lies in
 * @param hostname the name the client sent, if any
 * @param clientId the DHCPv4 client identifier or the DHCPv6 client's DUID, in hex with ':'
 * @param iaid     the DHCPv6 identity association id (decimal); empty for IPv4
 */
public record DhcpLease(Instant expiry, Optional<MacAddress> mac, InetAddress ip, int prefix,
                        Optional<String> hostname, Optional<String> clientId, Optional<String> iaid) {

    /** The address with its prefix, IPv6 in its short form: {@code fd00:160::1a3/64}. */
    public String address() {
        return IpText.of(ip) + "/" + prefix;
    }

    /** {@code ipv4} or {@code ipv6}, as virsh's Protocol column says. */
    public String protocol() {
        return ip instanceof Inet6Address ? "ipv6" : "ipv4";
    }
}
