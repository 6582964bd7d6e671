package org.virtfx.plumbing.virtnet;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.xml.XmlElement;

/**
 * What a network's dnsmasq serves by DNS: {@code <dns enable>}, {@code <domain name localOnly>}
 * and the {@code <dns><host ip><hostname>} records.
 */
record NetworkDns(boolean enabled, Optional<String> domain, boolean localOnly, List<DnsHost> hosts) {

    record DnsHost(InetAddress ip, List<String> names) {
    }

    static NetworkDns of(XmlElement network) {
        Optional<XmlElement> dns = network.child("dns");
        boolean enabled = dns.flatMap(d -> d.attribute("enable")).map(e -> !e.equals("no")).orElse(true);
        Optional<XmlElement> domainElement = network.child("domain");
        Optional<String> domain = domainElement.flatMap(d -> d.attribute("name")).map(NetworkDns::name);
        boolean localOnly = domainElement.flatMap(d -> d.attribute("localOnly")).map("yes"::equals).orElse(false);
        List<DnsHost> hosts = new ArrayList<>();
        dns.ifPresent(d -> {
            for (XmlElement host : d.children("host")) {
                List<String> names = host.children("hostname").stream().map(h -> name(h.text().strip())).toList();
                hosts.add(new DnsHost(literal(host.attribute("ip").orElse("")), names));
            }
        });
        return new NetworkDns(enabled, domain, localOnly, hosts);
    }

    /**
     * A host or domain name as it may appear in dnsmasq's configuration. Anything else is
     * refused: a newline in an XML attribute would otherwise add a line of configuration.
     */
    static String name(String text) {
        if (!text.matches("[A-Za-z0-9_]([A-Za-z0-9_.-]{0,252})")) {
            throw VirtException.of(ErrorCode.XML_ERROR, "invalid DNS name '" + text + "' in network");
        }
        return text;
    }

    private static InetAddress literal(String text) {
        if (!text.matches("[0-9a-fA-F:.]+")) {
            throw VirtException.of(ErrorCode.XML_ERROR, "invalid address '" + text + "' in network");
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw VirtException.of(ErrorCode.XML_ERROR, "invalid address '" + text + "' in network");
        }
    }
}
