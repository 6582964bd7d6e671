package org.virtfx.core.virtnet;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.netdev.IpPrefix;
import org.virtfx.core.netdev.MacAddress;
import org.virtfx.core.xml.XmlElement;

/**
 * The IPv4 part of a network's {@code <ip>}: the bridge's address, DHCP ranges and fixed hosts.
 *
 * @param address the bridge's address with the subnet's prefix length
 * @param ranges  {@code <dhcp><range start end/>}
 * @param hosts   {@code <dhcp><host mac ip name/>}
 */
record NetworkAddressing(IpPrefix address, List<DhcpRange> ranges, List<DhcpHost> hosts) {

    record DhcpRange(InetAddress start, InetAddress end) {
    }

    record DhcpHost(Optional<MacAddress> mac, InetAddress ip, Optional<String> name) {
    }

    /** Every {@code <ip>} of the network; IPv6 ones are refused, as not supported yet. */
    static List<NetworkAddressing> of(XmlElement network) {
        List<NetworkAddressing> result = new ArrayList<>();
        for (XmlElement ip : network.children("ip")) {
            String text = ip.attribute("address").orElseThrow(() -> VirtException.of(ErrorCode.XML_ERROR,
                    "XML error: <ip> of network needs an address"));
            InetAddress address = literal(text);
            if (!(address instanceof Inet4Address) || ip.attribute("family").filter("ipv6"::equals).isPresent()) {
                throw VirtException.of(ErrorCode.CONFIG_UNSUPPORTED,
                        "IPv6 on virtual networks is not supported yet by VirtFX's network driver");
            }
            int prefix = ip.attribute("prefix").map(Integer::parseInt)
                    .orElseGet(() -> ip.attribute("netmask").map(NetworkAddressing::prefixOf).orElse(24));
            List<DhcpRange> ranges = new ArrayList<>();
            List<DhcpHost> hosts = new ArrayList<>();
            ip.child("dhcp").ifPresent(dhcp -> {
                for (XmlElement range : dhcp.children("range")) {
                    ranges.add(new DhcpRange(literal(range.attribute("start").orElse("")),
                            literal(range.attribute("end").orElse(""))));
                }
                for (XmlElement host : dhcp.children("host")) {
                    hosts.add(new DhcpHost(host.attribute("mac").map(MacAddress::parse),
                            literal(host.attribute("ip").orElse("")), host.attribute("name").map(NetworkDns::name)));
                }
            });
            result.add(new NetworkAddressing(new IpPrefix(address, prefix), ranges, hosts));
        }
        return result;
    }

    /** The subnet in CIDR form, host bits cleared: {@code 192.168.122.0/24}. */
    String subnet() {
        byte[] bytes = address.address().getAddress();
        for (int bit = address.length(); bit < 32; bit++) {
            bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        try {
            return InetAddress.getByAddress(bytes).getHostAddress() + "/" + address.length();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The netmask in dotted form, as dnsmasq's {@code dhcp-range} takes it. */
    String netmask() {
        long mask = address.length() == 0 ? 0 : (0xffffffffL << (32 - address.length())) & 0xffffffffL;
        return (mask >> 24) + "." + ((mask >> 16) & 255) + "." + ((mask >> 8) & 255) + "." + (mask & 255);
    }

    private static int prefixOf(String netmask) {
        InetAddress mask = literal(netmask);
        int bits = 0;
        for (byte b : mask.getAddress()) {
            bits += Integer.bitCount(b & 0xff);
        }
        return bits;
    }

    /** Parses an address literal; never resolves a host name. */
    private static InetAddress literal(String text) {
        if (!text.matches("[0-9a-fA-F:.]+")) {
            throw VirtException.of(ErrorCode.XML_ERROR, "XML error: invalid address '" + text + "' in network");
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw VirtException.of(ErrorCode.XML_ERROR, "XML error: invalid address '" + text + "' in network");
        }
    }
}
