package org.virtfx.app.hostdetails;

import org.virtfx.core.network.NetworkSummary;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlParser;

/**
 * What the Virtual Networks tab shows about the selected network, read from its XML: the first
 * IPv4 and the first IPv6 network, each with its DHCP range ("Disabled" when there is none).
 */
public record NetworkDetails(NetworkSummary summary, String ipv4Network, String dhcpRange, String ipv6Network,
                             String dhcpv6Range, String forwarding, String xml) {

    static NetworkDetails of(NetworkSummary summary, String xml) {
        XmlElement root = new XmlParser().parse(xml, summary.name());
        String network = "";
        String dhcp = "";
        for (XmlElement ip : root.children("ip")) {
            if (ip.attribute("family").orElse("ipv4").equals("ipv4") && network.isEmpty()) {
                String address = ip.attribute("address").orElse("");
                int prefix = ip.attribute("prefix").map(Integer::parseInt)
                        .orElseGet(() -> ip.attribute("netmask").map(NetworkDetails::prefixOf).orElse(24));
                network = Ipv4Range.parse(address + "/" + prefix).map(Ipv4Range::toString).orElse(address);
                dhcp = range(ip);
            }
        }
        String network6 = "";
        String dhcp6 = "";
        for (XmlElement ip : root.children("ip")) {
            if (ip.attribute("family").orElse("ipv4").equals("ipv6") && network6.isEmpty()) {
                String address = ip.attribute("address").orElse("");
                String prefix = ip.attribute("prefix").orElse("64");
                network6 = Ipv6Range.parse(address + "/" + prefix).map(Ipv6Range::toString).orElse(address);
                dhcp6 = range(ip);
            }
        }
        String mode = root.child("forward").map(f -> f.attribute("mode").orElse("nat")).orElse("");
        String forwarding = switch (mode) {
            case "" -> "Isolated network, internal and host routing only";
            case "nat" -> "NAT";
            case "route" -> "Routed";
            case "bridge" -> "Bridge to " + root.child("bridge").flatMap(b -> b.attribute("name")).orElse("?");
            default -> mode;
        };
        return new NetworkDetails(summary, network.isEmpty() ? "Disabled" : network, dhcp,
                network6.isEmpty() ? "Disabled" : network6, network6.isEmpty() ? "" : dhcp6, forwarding, xml);
    }

    private static String range(XmlElement ip) {
        return ip.child("dhcp").flatMap(d -> d.child("range"))
                .map(r -> r.attribute("start").orElse("") + " - " + r.attribute("end").orElse(""))
                .orElse("Disabled");
    }

    private static int prefixOf(String netmask) {
        return Ipv4Range.address(netmask).map(m -> Long.bitCount(m)).orElse(24);
    }
}
