package org.virtfx.core.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.network.NetworkUpdate.Command;
import org.virtfx.core.xml.XmlElement;

/**
 * Applies a {@link NetworkUpdate} to a parsed network in place, following libvirt's
 * {@code virNetworkDefUpdateSection}: each section says which element the fragment must be,
 * what it must contain to be added, and how an existing entry is found for modify and delete.
 */
final class NetworkUpdater {
    private final XmlElement root;
    private final String network;

    NetworkUpdater(XmlElement root, String network) {
        this.root = root;
        this.network = network;
    }

    void apply(NetworkUpdate update, XmlElement fragment) {
        switch (update.section()) {
            case IP_DHCP_HOST -> dhcpHost(update, fragment);
            case IP_DHCP_RANGE -> dhcpRange(update, fragment);
            case FORWARD_INTERFACE -> forwardInterface(update, fragment);
            case PORTGROUP -> portgroup(update, fragment);
            case DNS_HOST -> dnsHost(update, fragment);
            case DNS_TXT -> dnsTxt(update, fragment);
            case DNS_SRV -> dnsSrv(update, fragment);
        }
    }

    private void dhcpHost(NetworkUpdate update, XmlElement host) {
        expect(host, "host");
        XmlElement ip = ipByIndex(update.parentIndex());
        boolean ipv4 = !IpAddresses.isIpv6(ip);
        String mac = host.attribute("mac").map(m -> m.toLowerCase(Locale.ROOT)).orElse(null);
        String name = host.attribute("name").orElse(null);
        String address = host.attribute("ip").orElse(null);
        String id = host.attribute("id").orElse(null);
        if (update.command() == Command.DELETE) {
            if (mac == null && name == null && address == null && id == null) {
                throw xml("dhcp host definition must have at least one of mac, id, name or ip");
            }
        } else {
            if (ipv4 && mac == null && name == null) {
                throw xml("static host definition in IPv4 network must have mac or name attribute");
            }
            if (!ipv4 && id == null && name == null) {
                throw xml("static host definition in IPv6 network must have id or name attribute");
            }
            if (address == null) {
                throw xml("missing IP address in static host definition for network '" + network + "'");
            }
            if (!IpAddresses.contains(ip, address)) {
                throw invalid("host IP address " + address + " is not within the network's subnet");
            }
        }
        XmlElement dhcp = childOrNew(ip, "dhcp");
        List<XmlElement> hosts = dhcp.children("host");
        switch (update.command()) {
            case ADD_FIRST, ADD_LAST -> {
                for (XmlElement existing : hosts) {
                    boolean clash = (mac != null && mac.equalsIgnoreCase(existing.attribute("mac").orElse("")))
                            || (name != null && name.equals(existing.attribute("name").orElse(null)))
                            || (id != null && id.equals(existing.attribute("id").orElse(null)))
                            || address.equals(existing.attribute("ip").orElse(null));
                    if (clash) {
                        throw invalid("there is an existing dhcp host entry in network '" + network
                                + "' that matches \"" + describe(host) + "\"");
                    }
                }
                add(dhcp, host, update.command());
            }
            case MODIFY -> {
                Predicate<XmlElement> same = ipv4 && mac != null
                        ? e -> mac.equalsIgnoreCase(e.attribute("mac").orElse(""))
                        : e -> (id != null && id.equals(e.attribute("id").orElse(null)))
                                || (name != null && name.equals(e.attribute("name").orElse(null)));
                XmlElement existing = hosts.stream().filter(same).findFirst().orElseThrow(() ->
                        invalid("couldn't locate an existing dhcp host entry with \"" + describe(host)
                                + "\" in network '" + network + "'"));
                dhcp.replace(existing, host);
            }
            case DELETE -> {
                XmlElement existing = hosts.stream().filter(e -> matchesGiven(host, e, "mac", "name", "ip", "id"))
                        .findFirst().orElseThrow(() -> invalid("couldn't locate a matching dhcp host entry in network '"
                                + network + "'"));
                dhcp.remove(existing);
            }
        }
    }

    private void dhcpRange(NetworkUpdate update, XmlElement range) {
        expect(range, "range");
        if (update.command() == Command.MODIFY) {
            throw unsupported("dhcp ranges cannot be modified, only added or deleted");
        }
        String start = range.attribute("start").orElseThrow(() -> xml("missing 'start' attribute in dhcp range for network '"
                + network + "'"));
        String end = range.attribute("end").orElseThrow(() -> xml("missing 'end' attribute in dhcp range for network '"
                + network + "'"));
        XmlElement ip = rangeParent(update.parentIndex(), start, end);
        XmlElement dhcp = childOrNew(ip, "dhcp");
        Optional<XmlElement> existing = dhcp.children("range").stream()
                .filter(r -> IpAddresses.same(start, r.attribute("start").orElse(""))
                        && IpAddresses.same(end, r.attribute("end").orElse("")))
                .findFirst();
        if (update.command() == Command.DELETE) {
            dhcp.remove(existing.orElseThrow(() -> invalid("couldn't locate a matching dhcp range entry in network '"
                    + network + "'")));
            return;
        }
        if (existing.isPresent()) {
            throw invalid("there is an existing dhcp range entry in network '" + network + "' that matches \""
                    + describe(range) + "\"");
        }
        add(dhcp, range, update.command());
    }

    private void forwardInterface(NetworkUpdate update, XmlElement iface) {
        expect(iface, "interface");
        if (update.command() == Command.MODIFY) {
            throw unsupported("forward interface entries cannot be modified, only added or deleted");
        }
        String dev = iface.attribute("dev").orElseThrow(() -> xml("missing dev attribute in <interface> element"));
        XmlElement forward = root.child("forward").orElseThrow(() ->
                invalid("can't update forward interfaces of network '" + network + "', which has no <forward>"));
        // The forward device is only ever the first interface; it is written back from the list.
        forward.attribute("dev").filter(d -> forward.children("interface").isEmpty())
                .ifPresent(d -> forward.append(new XmlElement("interface").setAttribute("dev", d)));
        forward.removeAttribute("dev");
        Optional<XmlElement> existing = forward.children("interface").stream()
                .filter(i -> dev.equals(i.attribute("dev").orElse(null))).findFirst();
        if (update.command() == Command.DELETE) {
            XmlElement found = existing.orElseThrow(() -> invalid("couldn't find an interface entry matching dev='"
                    + dev + "' in network '" + network + "'"));
            if (!found.attribute("connections").orElse("0").equals("0")) {
                throw invalid("unable to delete interface " + dev + " in network " + network + ". It is currently being used");
            }
            forward.remove(found);
            return;
        }
        if (existing.isPresent()) {
            throw invalid("there is an existing interface entry in network '" + network + "' that matches \""
                    + describe(iface) + "\"");
        }
        add(forward, iface, update.command());
    }

    private void portgroup(NetworkUpdate update, XmlElement group) {
        expect(group, "portgroup");
        String name = group.attribute("name").orElseThrow(() -> xml("missing name attribute in portgroup"));
        Optional<XmlElement> existing = root.children("portgroup").stream()
                .filter(p -> name.equals(p.attribute("name").orElse(null))).findFirst();
        boolean isDefault = group.attribute("default").filter("yes"::equals).isPresent();
        switch (update.command()) {
            case MODIFY -> {
                XmlElement old = existing.orElseThrow(() -> invalid("couldn't find a portgroup entry in network '"
                        + network + "' matching <portgroup name='" + name + "'>"));
                requireSingleDefault(isDefault, old);
                root.replace(old, group);
            }
            case DELETE -> root.remove(existing.orElseThrow(() -> invalid("couldn't find a portgroup entry in network '"
                    + network + "' matching <portgroup name='" + name + "'>")));
            case ADD_FIRST, ADD_LAST -> {
                if (existing.isPresent()) {
                    throw invalid("there is already a portgroup named '" + name + "' in network '" + network + "'");
                }
                requireSingleDefault(isDefault, null);
                add(root, group, update.command());
            }
        }
    }

    private void requireSingleDefault(boolean isDefault, XmlElement replaced) {
        if (!isDefault) {
            return;
        }
        for (XmlElement p : root.children("portgroup")) {
            if (p != replaced && p.attribute("default").filter("yes"::equals).isPresent()) {
                throw invalid("a different portgroup entry in network '" + network + "' is already set as the default."
                        + " Only one default is allowed.");
            }
        }
    }

    private void dnsHost(NetworkUpdate update, XmlElement host) {
        expect(host, "host");
        if (update.command() == Command.MODIFY) {
            throw unsupported("DNS HOST records cannot be modified, only added or deleted");
        }
        String address = host.attribute("ip").orElse(null);
        List<String> names = host.children("hostname").stream().map(XmlElement::text).toList();
        if (address == null && names.isEmpty()) {
            throw xml("DNS host definition in network '" + network + "' must have an ip address or a hostname");
        }
        if (address != null && !IpAddresses.isLiteral(address)) {
            throw xml("invalid IP address '" + address + "' in DNS host definition of network '" + network + "'");
        }
        if (update.command() != Command.DELETE && (address == null || names.isEmpty())) {
            throw xml("missing IP address or hostname in network '" + network + "' DNS HOST record");
        }
        XmlElement dns = childOrNew(root, "dns");
        List<XmlElement> matching = new ArrayList<>();
        for (XmlElement existing : dns.children("host")) {
            boolean sameIp = address != null && IpAddresses.same(address, existing.attribute("ip").orElse(""));
            List<String> existingNames = existing.children("hostname").stream().map(XmlElement::text).toList();
            boolean sameName = names.stream().anyMatch(existingNames::contains);
            // An added record clashes only on its address: one name may map to several addresses.
            if (update.command() == Command.DELETE ? (address == null || sameIp) && (names.isEmpty() || sameName)
                    : sameIp) {
                matching.add(existing);
            }
        }
        if (update.command() == Command.DELETE) {
            if (matching.size() != 1) {
                throw invalid(matching.isEmpty() ? "couldn't locate a matching DNS HOST record in network '" + network + "'"
                        : "multiple matching DNS HOST records were found in network '" + network + "'");
            }
            dns.remove(matching.get(0));
            return;
        }
        if (!matching.isEmpty()) {
            throw invalid("there is already a DNS HOST record with address '" + address + "' in network '"
                    + network + "'");
        }
        host.setAttribute("ip", IpAddresses.canonical(address));
        add(dns, host, update.command());
    }

    private void dnsTxt(NetworkUpdate update, XmlElement txt) {
        expect(txt, "txt");
        if (update.command() == Command.MODIFY) {
            throw unsupported("DNS TXT records cannot be modified, only added or deleted");
        }
        String name = txt.attribute("name").orElseThrow(() -> xml("missing required name attribute in DNS TXT record"));
        if (update.command() != Command.DELETE && txt.attribute("value").isEmpty()) {
            throw xml("missing required value attribute in DNS TXT record named " + name);
        }
        XmlElement dns = childOrNew(root, "dns");
        Optional<XmlElement> existing = dns.children("txt").stream()
                .filter(t -> name.equals(t.attribute("name").orElse(null))).findFirst();
        if (update.command() == Command.DELETE) {
            dns.remove(existing.orElseThrow(() -> invalid("couldn't locate a matching DNS TXT record in network '"
                    + network + "'")));
            return;
        }
        if (existing.isPresent()) {
            throw invalid("there is already a DNS TXT record with name '" + name + "' in network '" + network + "'");
        }
        add(dns, txt, update.command());
    }

    private void dnsSrv(NetworkUpdate update, XmlElement srv) {
        expect(srv, "srv");
        if (update.command() == Command.MODIFY) {
            throw unsupported("DNS SRV records cannot be modified, only added or deleted");
        }
        Optional<String> protocol = srv.attribute("protocol");
        if (protocol.isPresent() && !protocol.get().equals("tcp") && !protocol.get().equals("udp")) {
            throw xml("invalid protocol attribute value '" + protocol.get() + "' in DNS SRV record, expected tcp or udp");
        }
        if (update.command() != Command.DELETE && (srv.attribute("service").isEmpty() || protocol.isEmpty())) {
            throw xml("missing required service or protocol attribute in DNS SRV record of network '" + network + "'");
        }
        XmlElement dns = childOrNew(root, "dns");
        List<XmlElement> matching = dns.children("srv").stream()
                .filter(e -> matchesGiven(srv, e, "service", "protocol", "domain", "target", "port", "priority",
                        "weight"))
                .toList();
        if (update.command() == Command.DELETE) {
            if (matching.size() != 1) {
                throw invalid(matching.isEmpty() ? "couldn't locate a matching DNS SRV record in network '" + network + "'"
                        : "multiple DNS SRV records matching all specified fields were found in network '"
                        + network + "'");
            }
            dns.remove(matching.get(0));
            return;
        }
        if (!matching.isEmpty()) {
            throw invalid("there is already at least one DNS SRV record matching all specified fields in network '"
                    + network + "'");
        }
        add(dns, srv, update.command());
    }

    private XmlElement ipByIndex(int parentIndex) {
        List<XmlElement> ips = root.children("ip");
        if (parentIndex >= 0) {
            if (parentIndex >= ips.size()) {
                throw invalid("couldn't update dhcp host entry - no <ip> element found at index " + parentIndex
                        + " in network '" + network + "'");
            }
            return ips.get(parentIndex);
        }
        // -1: the one <ip> that serves DHCP, as libvirt picks it.
        return ips.stream().filter(ip -> ip.child("dhcp").isPresent()).findFirst()
                .or(() -> ips.stream().filter(ip -> !IpAddresses.isIpv6(ip)).findFirst())
                .orElseThrow(() -> invalid("couldn't update dhcp entry - no <ip> element in network '" + network + "'"));
    }

    /**
     * The {@code <ip>} a DHCP range belongs to: the indexed one when the range lies in its subnet,
     * otherwise the one whose subnet holds the range (libvirt's test suite adds an IPv4 range with
     * index 1 of a network whose second address is IPv6, and expects it under the IPv4 address).
     */
    private XmlElement rangeParent(int parentIndex, String start, String end) {
        List<XmlElement> ips = root.children("ip");
        if (parentIndex >= 0 && parentIndex < ips.size()) {
            XmlElement ip = ips.get(parentIndex);
            if (IpAddresses.contains(ip, start) && IpAddresses.contains(ip, end)) {
                return ip;
            }
        }
        return ips.stream().filter(ip -> IpAddresses.contains(ip, start) && IpAddresses.contains(ip, end))
                .findFirst().orElseThrow(() -> invalid("range " + start + " - " + end
                        + " is not entirely within any <ip> subnet of network '" + network + "'"));
    }

    private static boolean matchesGiven(XmlElement wanted, XmlElement existing, String... names) {
        for (String name : names) {
            Optional<String> value = wanted.attribute(name);
            if (value.isPresent() && !value.get().equalsIgnoreCase(existing.attribute(name).orElse(null))) {
                return false;
            }
        }
        return true;
    }

    private static XmlElement childOrNew(XmlElement parent, String name) {
        return parent.child(name).orElseGet(() -> {
            XmlElement created = new XmlElement(name);
            parent.append(created);
            return created;
        });
    }

    /** Adds before the first sibling of the same name, or after the last one. */
    private static void add(XmlElement parent, XmlElement child, Command command) {
        List<XmlElement> same = parent.children(child.name());
        if (command == Command.ADD_FIRST && !same.isEmpty()) {
            parent.insert(parent.contentIndex(same.get(0)), child);
        } else if (!same.isEmpty()) {
            parent.insert(parent.contentIndex(same.get(same.size() - 1)) + 1, child);
        } else {
            parent.append(child);
        }
    }

    private void expect(XmlElement fragment, String name) {
        if (!fragment.name().equals(name)) {
            throw xml("unexpected element <" + fragment.name() + ">, expecting <" + name + ">");
        }
    }

    private static String describe(XmlElement element) {
        StringBuilder sb = new StringBuilder("<").append(element.name());
        element.attributes().forEach((k, v) -> sb.append(' ').append(k).append("='").append(v).append('\''));
        return sb.append("/>").toString();
    }

    private VirtException xml(String why) {
        return VirtException.of(ErrorCode.XML_ERROR, why);
    }

    private VirtException invalid(String why) {
        return VirtException.of(ErrorCode.OPERATION_INVALID, why);
    }

    private VirtException unsupported(String why) {
        return VirtException.of(ErrorCode.NO_SUPPORT, why);
    }
}
