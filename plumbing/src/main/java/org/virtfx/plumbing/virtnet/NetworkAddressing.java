package org.virtfx.plumbing.virtnet;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.net.IpPrefix;
import org.virtfx.core.net.IpText;
import org.virtfx.core.net.MacAddress;
import org.virtfx.core.xml.XmlElement;

/**
 * One {@code <ip>} of a network, IPv4 or IPv6: the bridge's address, DHCP ranges and fixed
 * hosts, checked as libvirt's parser and network driver check them.
 *
 * @param address the bridge's address with the subnet's prefix length
 * @param ranges  {@code <dhcp><range start end/>}
 * @param hosts   {@code <dhcp><host mac|id ip name/>}
 */
record NetworkAddressing(IpPrefix address, List<DhcpRange> ranges, List<DhcpHost> hosts) {

    record DhcpRange(InetAddress start, InetAddress end) {
    }

    /**
     * A fixed DHCP host: by MAC (IPv4) or by DHCPv6 client DUID {@code id} (IPv6), or by name
     * (either).
     */
    record DhcpHost(Optional<MacAddress> mac, Optional<String> id, InetAddress ip, Optional<String> name) {
    }

    boolean ipv6() {
        return !address.isIpv4();
    }

    /** Whether dnsmasq serves DHCP on this subnet: a range or a fixed host makes it so. */
    boolean dhcp() {
        return !ranges.isEmpty() || !hosts.isEmpty();
    }

    /**
     * Every {@code <ip>} of the network. As libvirt: an IPv4 {@code <ip>} without prefix or
     * netmask gets its address's class prefix, an IPv6 one 64; DHCP is served on one subnet
     * per family at most.
     */
    static List<NetworkAddressing> of(XmlElement network) {
        String name = network.child("name").map(n -> n.text().strip()).orElse("");
        List<NetworkAddressing> result = new ArrayList<>();
        for (XmlElement ip : network.children("ip")) {
            result.add(parse(name, ip));
        }
        for (boolean six : List.of(false, true)) {
            if (result.stream().filter(a -> a.ipv6() == six && a.dhcp()).count() > 1) {
                String family = six ? "IPv6" : "IPv4";
                throw VirtException.of(ErrorCode.CONFIG_UNSUPPORTED, "Multiple " + family + " dhcp sections found -- "
                        + "dhcp is supported only for a single " + family + " address on each network");
            }
        }
        return result;
    }

    private static NetworkAddressing parse(String network, XmlElement ip) {
        IpPrefix bridgeAddress = prefixed(ip, network);
        List<DhcpRange> ranges = new ArrayList<>();
        List<DhcpHost> hosts = new ArrayList<>();
        Optional<XmlElement> dhcp = ip.child("dhcp");
        if (dhcp.isPresent()) {
            for (XmlElement range : dhcp.get().children("range")) {
                DhcpRange parsed = new DhcpRange(
                        literal(required(range, "start", "dhcp range", network), "start of dhcp range", network),
                        literal(required(range, "end", "dhcp range", network), "end of dhcp range", network));
                rangeSize(parsed, bridgeAddress, network);
                ranges.add(parsed);
            }
            for (XmlElement host : dhcp.get().children("host")) {
                hosts.add(host(host, bridgeAddress, network));
            }
        }
        return new NetworkAddressing(bridgeAddress, ranges, hosts);
    }

    /**
     * The address of an {@code <ip>} or {@code <route>} with its prefix length, from
     * {@code family}, {@code address} and {@code prefix} or {@code netmask}, checked as libvirt
     * checks them: the family must fit the address, an IPv6 address takes no netmask, and an
     * IPv4 address without either takes its class's prefix.
     */
    static IpPrefix prefixed(XmlElement ip, String network) {
        String element = "<" + ip.name() + ">";
        String text = ip.attribute("address").orElseThrow(() -> VirtException.of(ErrorCode.XML_ERROR,
                "missing required address attribute in " + element + " of network '" + network + "'"));
        InetAddress address = literal(text, "address of " + element, network);
        String family = ip.attribute("family").orElse("");
        Optional<String> netmask = ip.attribute("netmask");
        Optional<Integer> prefix = ip.attribute("prefix").map(p -> {
            if (!p.strip().matches("\\d{1,3}")) {
                throw VirtException.of(ErrorCode.XML_ERROR, "invalid prefix '" + p + "' in <" + ip.name() + " address='"
                        + text + "'> of network '" + network + "'");
            }
            return Integer.parseInt(p.strip());
        });
        int length;
        if (family.isEmpty() || family.equals("ipv4")) {
            if (!(address instanceof Inet4Address)) {
                throw VirtException.of(ErrorCode.CONFIG_UNSUPPORTED, (family.isEmpty() ? "no" : "ipv4")
                        + " family specified for non-IPv4 address '" + text + "' in network '" + network
                        + "' (add family='ipv6')");
            }
            if (netmask.isPresent() && prefix.filter(p -> p > 0).isPresent()) {
                throw VirtException.of(ErrorCode.CONFIG_UNSUPPORTED, "network '" + network
                        + "' IP address cannot have both a prefix and a netmask");
            }
            if (prefix.filter(p -> p > 32).isPresent()) {
                throw VirtException.of(ErrorCode.CONFIG_UNSUPPORTED, "invalid IPv4 prefix '" + prefix.get()
                        + "' in network '" + network + "' (prefix must be 0 to 32)");
            }
            length = prefix.filter(p -> p > 0)
                    .orElseGet(() -> netmask.map(m -> prefixOf(m, network)).orElseGet(() -> classful(address, network)));
        } else if (family.equals("ipv6")) {
            if (!(address instanceof Inet6Address)) {
                throw VirtException.of(ErrorCode.CONFIG_UNSUPPORTED, "family 'ipv6' specified for non-IPv6 address '"
                        + text + "' in network '" + network + "'");
            }
            if (netmask.isPresent()) {
                throw VirtException.of(ErrorCode.CONFIG_UNSUPPORTED, "netmask not allowed for IPv6 address '" + text
                        + "' in network '" + network + "' (use prefix)");
            }
            if (prefix.filter(p -> p > 128).isPresent()) {
                throw VirtException.of(ErrorCode.CONFIG_UNSUPPORTED, "invalid IPv6 prefix '" + prefix.get()
                        + "' in network '" + network + "' (prefix must be 0 to 128)");
            }
            length = prefix.filter(p -> p > 0).orElse(64);
        } else {
            throw VirtException.of(ErrorCode.XML_ERROR, "unrecognized family '" + family
                    + "' in " + element + " of network '" + network + "' (ipv4 or ipv6)");
        }
        return new IpPrefix(address, length);
    }

    private static DhcpHost host(XmlElement host, IpPrefix subnet, String network) {
        boolean six = !subnet.isIpv4();
        Optional<MacAddress> mac = host.attribute("mac").map(m -> {
            if (six) {
                throw VirtException.of(ErrorCode.XML_ERROR, "invalid to specify MAC address '" + m
                        + "' in network '" + network + "' IPv6 static host definition (use id='DUID')");
            }
            return MacAddress.parse(m);
        });
        Optional<String> id = host.attribute("id").map(i -> {
            if (!six) {
                throw VirtException.of(ErrorCode.XML_ERROR, "id '" + i + "' in network '" + network
                        + "' is for IPv6 static hosts only (IPv4 hosts use mac)");
            }
            if (!i.matches("[0-9A-Fa-f:]+")) {
                throw VirtException.of(ErrorCode.XML_ERROR, "invalid character in id '" + i
                        + "' of network '" + network + "' (a DUID in hex, bytes separated by ':')");
            }
            return i;
        });
        Optional<String> name = host.attribute("name").map(NetworkDns::name);
        if (six ? id.isEmpty() && name.isEmpty() : mac.isEmpty() && name.isEmpty()) {
            throw VirtException.of(ErrorCode.XML_ERROR, "static host definition in "
                    + (six ? "IPv6" : "IPv4") + " network '" + network + "' must have "
                    + (six ? "id" : "mac") + " or name attribute");
        }
        InetAddress ip = literal(required(host, "ip", "static host definition", network),
                "ip of static host definition", network);
        if (ip.getAddress().length != subnet.address().getAddress().length) {
            throw VirtException.of(ErrorCode.XML_ERROR, "static host address " + ip.getHostAddress()
                    + " in network '" + network + "' is not of the family of " + subnet);
        }
        return new DhcpHost(mac, id, ip, name);
    }

    /**
     * The number of addresses in a DHCP range, which must lie inside the subnet, start no
     * later than it ends and, as libvirt requires, differ from its end only in the last 16
     * bits; an IPv4 range may start on the network address or end on broadcast neither.
     */
    static long rangeSize(DhcpRange range, IpPrefix subnet, String network) {
        byte[] start = range.start().getAddress();
        byte[] end = range.end().getAddress();
        String text = range.start().getHostAddress() + " - " + range.end().getHostAddress();
        String within = subnetOf(subnet) + "/" + subnet.length();
        if (start.length != end.length || start.length != subnet.address().getAddress().length) {
            throw VirtException.of(ErrorCode.XML_ERROR, "dhcp range " + text + " in network '" + network
                    + "' is not of the family of " + within);
        }
        if (!inside(range.start(), subnet) || !inside(range.end(), subnet)) {
            throw VirtException.of(ErrorCode.XML_ERROR, "dhcp range " + text
                    + " is not entirely within network " + within + " of network '" + network + "'");
        }
        if (subnet.isIpv4() && subnet.length() < 31) {
            if (Arrays.equals(start, mask(subnet.address().getAddress(), subnet.length(), false))) {
                throw VirtException.of(ErrorCode.XML_ERROR, "start of dhcp range " + text
                        + " in network '" + network + "' is the network address");
            }
            if (Arrays.equals(end, mask(subnet.address().getAddress(), subnet.length(), true))) {
                throw VirtException.of(ErrorCode.XML_ERROR, "end of dhcp range " + text
                        + " in network '" + network + "' is the broadcast address");
            }
        }
        for (int i = 0; i < start.length - 2; i++) {
            if (start[i] != end[i]) {
                throw VirtException.of(ErrorCode.XML_ERROR, "dhcp range " + text + " in network '"
                        + network + "' is too large (more than 65536 addresses)");
            }
        }
        int n = start.length;
        long size = ((end[n - 2] & 0xff) << 8 | (end[n - 1] & 0xff)) - ((start[n - 2] & 0xff) << 8 | (start[n - 1] & 0xff));
        if (size < 0) {
            throw VirtException.of(ErrorCode.XML_ERROR, "dhcp range " + text + " in network '" + network
                    + "' starts after its end");
        }
        return size + 1;
    }

    /** The subnet in CIDR form, host bits cleared: {@code 192.168.122.0/24}, {@code fd00:1::/64}. */
    String subnet() {
        return subnetOf(address) + "/" + address.length();
    }

    /** Whether {@code ip} lies in this subnet. */
    boolean contains(InetAddress ip) {
        return ip.getAddress().length == address.address().getAddress().length && inside(ip, address);
    }

    /** The netmask in dotted form, as dnsmasq's IPv4 {@code dhcp-range} takes it. */
    String netmask() {
        long mask = address.length() == 0 ? 0 : (0xffffffffL << (32 - address.length())) & 0xffffffffL;
        return (mask >> 24) + "." + ((mask >> 16) & 255) + "." + ((mask >> 8) & 255) + "." + (mask & 255);
    }

    private static String subnetOf(IpPrefix prefix) {
        return IpText.of(prefix.network());
    }

    private static boolean inside(InetAddress ip, IpPrefix subnet) {
        byte[] bytes = ip.getAddress();
        return Arrays.equals(mask(bytes, subnet.length(), false),
                mask(subnet.address().getAddress(), subnet.length(), false));
    }

    /** The address with every host bit cleared, or set ({@code ones}). */
    private static byte[] mask(byte[] address, int length, boolean ones) {
        byte[] bytes = address.clone();
        for (int bit = length; bit < bytes.length * 8; bit++) {
            if (ones) {
                bytes[bit / 8] |= (byte) (0x80 >>> (bit % 8));
            } else {
                bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
            }
        }
        return bytes;
    }

    /** libvirt's natural prefix of an IPv4 address without prefix or netmask: its class. */
    private static int classful(InetAddress address, String network) {
        int first = address.getAddress()[0] & 0xff;
        if (Arrays.equals(address.getAddress(), new byte[4])) {
            return 0;
        }
        if (first < 128) {
            return 8;
        }
        if (first < 192) {
            return 16;
        }
        if (first < 224) {
            return 24;
        }
        throw VirtException.of(ErrorCode.CONFIG_UNSUPPORTED, "<ip address='" + address.getHostAddress()
                + "'> of network '" + network + "' needs a prefix or netmask");
    }

    private static int prefixOf(String netmask, String network) {
        InetAddress mask = literal(netmask, "netmask", network);
        if (!(mask instanceof Inet4Address)) {
            throw VirtException.of(ErrorCode.CONFIG_UNSUPPORTED, "invalid netmask '" + netmask + "' in network '"
                    + network + "' (both address and netmask must be IPv4)");
        }
        int bits = 0;
        for (byte b : mask.getAddress()) {
            bits += Integer.bitCount(b & 0xff);
        }
        return bits;
    }

    private static String required(XmlElement element, String attribute, String what, String network) {
        return element.attribute(attribute).orElseThrow(() -> VirtException.of(ErrorCode.XML_ERROR,
                "missing '" + attribute + "' attribute in " + what + " for network '" + network + "'"));
    }

    /** Parses an address literal; never resolves a host name. */
    static InetAddress literal(String text, String what, String network) {
        if (!text.matches("[0-9a-fA-F:.]+")) {
            throw VirtException.of(ErrorCode.XML_ERROR, "invalid " + what + " '" + text
                    + "' in network '" + network + "'");
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw VirtException.of(ErrorCode.XML_ERROR, "invalid " + what + " '" + text
                    + "' in network '" + network + "'");
        }
    }
}
