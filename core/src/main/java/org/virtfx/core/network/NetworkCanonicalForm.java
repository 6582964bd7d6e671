package org.virtfx.core.network;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlNode;
import org.virtfx.core.xml.XmlText;

/**
 * Brings a parsed {@code <network>} tree into the form libvirt's network formatter writes:
 * its element and attribute order, the defaults it fills in (a bridge's {@code stp}/{@code delay},
 * {@code <forward>}'s mode and first interface), lower-case MAC addresses, and the checks that make
 * libvirt refuse a definition. Elements libvirt does not know are kept, after the ones it knows,
 * so nothing a user wrote is lost silently.
 */
final class NetworkCanonicalForm {

    /** Forward modes libvirt 9.9 knows, in its enum order. */
    static final List<String> FORWARD_MODES =
            List.of("nat", "route", "open", "bridge", "private", "vepa", "passthrough", "hostdev");

    /** Modes in which libvirt itself creates the bridge, so stp and delay apply. */
    private static final Set<String> BRIDGE_OWNING_MODES = Set.of("", "nat", "route", "open");

    /** Children of {@code <network>} in the order libvirt's virNetworkDefFormatBuf writes them. */
    private static final List<String> NETWORK_CHILDREN = List.of("name", "uuid", "title", "description",
            "metadata", "forward", "bridge", "mtu", "mac", "domain", "dns", "vlan", "bandwidth", "port", "ip",
            "route", "virtualport", "portgroup");

    private static final Map<String, List<String>> CHILD_ORDER = Map.of(
            "forward", List.of("nat", "driver", "pf", "interface", "address"),
            "nat", List.of("address", "port"),
            "ip", List.of("tftp", "dhcp"),
            "dhcp", List.of("range", "host", "bootp"),
            "dns", List.of("forwarder", "txt", "srv", "host"),
            "portgroup", List.of("vlan", "virtualport", "bandwidth"),
            "bandwidth", List.of("inbound", "outbound"));

    /**
     * Attribute order by element name. Names shared by two elements ({@code address} in
     * {@code <nat>} and in {@code <forward>}, {@code host} in DHCP and DNS) never share
     * attributes, so one list each serves both.
     */
    private static final Map<String, List<String>> ATTRIBUTE_ORDER = Map.ofEntries(
            Map.entry("forward", List.of("dev", "mode", "managed")),
            Map.entry("nat", List.of("ipv6")),
            Map.entry("address", List.of("type", "domain", "bus", "slot", "function", "multifunction",
                    "start", "end")),
            Map.entry("port", List.of("isolated", "start", "end")),
            Map.entry("driver", List.of("name")),
            Map.entry("pf", List.of("dev")),
            Map.entry("interface", List.of("dev", "connections")),
            Map.entry("bridge", List.of("name", "zone", "stp", "delay", "macTableManager")),
            Map.entry("domain", List.of("name", "localOnly", "register")),
            Map.entry("dns", List.of("enable", "forwardPlainNames")),
            Map.entry("forwarder", List.of("domain", "addr")),
            Map.entry("txt", List.of("name", "value")),
            Map.entry("srv", List.of("service", "protocol", "domain", "target", "port", "priority", "weight")),
            Map.entry("host", List.of("mac", "id", "name", "ip")),
            Map.entry("inbound", List.of("average", "peak", "floor", "burst")),
            Map.entry("outbound", List.of("average", "peak", "floor", "burst")),
            Map.entry("vlan", List.of("trunk")),
            Map.entry("tag", List.of("id", "nativeMode")),
            Map.entry("ip", List.of("family", "address", "netmask", "prefix", "localPtr")),
            Map.entry("range", List.of("start", "end")),
            Map.entry("lease", List.of("expiry", "unit")),
            Map.entry("bootp", List.of("file", "server")),
            Map.entry("route", List.of("family", "address", "netmask", "prefix", "gateway", "metric")),
            Map.entry("parameters", List.of("managerid", "typeid", "typeidversion", "instanceid",
                    "profileid", "interfaceid")),
            Map.entry("portgroup", List.of("name", "default", "trustGuestRxFilters")));

    private NetworkCanonicalForm() {
    }

    /**
     * The canonical tree for a network. The input is not changed.
     *
     * @param inactive drop what only a running network has (interface connection counts)
     */
    static XmlElement of(XmlElement network, boolean inactive, String source) {
        XmlElement root = network.copy();
        check(root, source);
        XmlElement out = new XmlElement(root.name(), root.line(), root.column());
        root.attributes().forEach((k, v) -> {
            if (k.startsWith("xmlns")) {
                out.setAttribute(k, v);
            }
        });
        root.attribute("connections").filter(c -> !inactive).ifPresent(c -> out.setAttribute("connections", c));
        // libvirt keeps only ipv6='yes'; 'no' is its default and is not written back.
        root.attribute("ipv6").filter("yes"::equals).ifPresent(v -> out.setAttribute("ipv6", v));
        root.attribute("trustGuestRxFilters").ifPresent(v -> out.setAttribute("trustGuestRxFilters", v));
        root.attributes().forEach((k, v) -> {
            if (!k.startsWith("xmlns") && !Set.of("connections", "ipv6", "trustGuestRxFilters").contains(k)) {
                out.setAttribute(k, v);
            }
        });

        String mode = forwardMode(root, source);
        XmlElement forward = root.child("forward").orElse(null);
        if (forward != null) {
            canonicalForward(forward, mode, inactive);
        }
        XmlElement bridge = root.child("bridge").orElse(null);
        if (BRIDGE_OWNING_MODES.contains(mode)) {
            if (bridge == null) {
                bridge = new XmlElement("bridge");
                root.append(bridge);
            }
            if (bridge.attribute("stp").isEmpty()) {
                bridge.setAttribute("stp", "on");
            }
            if (bridge.attribute("delay").isEmpty()) {
                bridge.setAttribute("delay", "0");
            }
        }
        root.child("mac").ifPresent(mac -> mac.attribute("address")
                .ifPresent(a -> mac.setAttribute("address", a.toLowerCase(Locale.ROOT))));
        for (XmlElement ip : root.children("ip")) {
            for (XmlElement dhcp : ip.children("dhcp")) {
                for (XmlElement host : dhcp.children("host")) {
                    host.attribute("mac").ifPresent(a -> host.setAttribute("mac", a.toLowerCase(Locale.ROOT)));
                }
            }
        }

        for (XmlElement dns : root.children("dns")) {
            for (XmlElement host : dns.children("host")) {
                host.attribute("ip").ifPresent(a -> host.setAttribute("ip", IpAddresses.canonical(a)));
            }
            if (dns.children().isEmpty() && dns.attributes().isEmpty()) {
                // libvirt writes <dns> only when it holds something.
                root.remove(dns);
            }
        }
        for (XmlElement ip : root.children("ip")) {
            for (XmlElement dhcp : ip.children("dhcp")) {
                if (dhcp.children().isEmpty()) {
                    ip.remove(dhcp);
                }
            }
        }

        Map<String, List<XmlElement>> buckets = new LinkedHashMap<>();
        List<XmlElement> unknown = new ArrayList<>();
        List<XmlElement> namespaced = new ArrayList<>();
        for (XmlElement child : root.children()) {
            if (NETWORK_CHILDREN.contains(child.name())) {
                buckets.computeIfAbsent(child.name(), k -> new ArrayList<>()).add(child);
            } else if (child.name().contains(":")) {
                namespaced.add(child);
            } else {
                unknown.add(child);
            }
        }
        for (String name : NETWORK_CHILDREN) {
            for (XmlElement child : buckets.getOrDefault(name, List.of())) {
                out.append(name.equals("metadata") ? child : canonicalElement(child));
            }
        }
        unknown.forEach(out::append);
        namespaced.forEach(out::append);
        for (XmlElement ip : out.children("ip")) {
            if (ip.children().isEmpty()) {
                // libvirt always writes <ip> with an end tag, even with nothing inside.
                ip.clearContent().append(new XmlText("\n"));
            }
        }
        return out;
    }

    /** The forward mode as libvirt reads it: "" without {@code <forward>}, "nat" when the attribute is missing. */
    static String forwardMode(XmlElement root, String source) {
        XmlElement forward = root.child("forward").orElse(null);
        if (forward == null) {
            return "";
        }
        String mode = forward.attribute("mode").orElse("nat");
        if (!FORWARD_MODES.contains(mode)) {
            throw new VirtException(ErrorCode.XML_ERROR, "XML error: " + source + ": " + forward.position()
                    + ": unknown forwarding type '" + mode + "' in attribute 'mode' of <forward>, expected one of "
                    + String.join(", ", FORWARD_MODES), source, null);
        }
        return mode;
    }

    private static void canonicalForward(XmlElement forward, String mode, boolean inactive) {
        forward.setAttribute("mode", mode);
        List<XmlElement> interfaces = forward.children("interface");
        String dev = forward.attribute("dev").orElse(null);
        if (dev != null && interfaces.isEmpty()) {
            forward.append(new XmlElement("interface").setAttribute("dev", dev));
        } else if (!interfaces.isEmpty() && forward.children("pf").isEmpty()) {
            // libvirt keeps no forward device of its own: it writes the first interface as one.
            interfaces.get(0).attribute("dev").ifPresent(d -> forward.setAttribute("dev", d));
        }
        if (inactive) {
            for (XmlElement i : forward.children("interface")) {
                i.removeAttribute("connections");
            }
            for (XmlElement pf : forward.children("pf")) {
                pf.removeAttribute("connections");
            }
        }
    }

    /** Orders an element's attributes and children as libvirt writes them, recursively. */
    private static XmlElement canonicalElement(XmlElement element) {
        List<String> attrs = ATTRIBUTE_ORDER.get(element.name());
        if (attrs != null) {
            element.orderAttributes(attrs);
        }
        List<XmlElement> children = element.children();
        if (children.isEmpty()) {
            if (element.text().isEmpty()) {
                // Whitespace left where children were removed; libvirt writes such an element self-closed.
                element.clearContent();
            }
            return element;
        }
        for (XmlElement child : children) {
            canonicalElement(child);
        }
        List<String> order = CHILD_ORDER.get(element.name());
        if (order != null) {
            List<XmlNode> sorted = new ArrayList<>();
            for (String name : order) {
                sorted.addAll(element.children(name));
            }
            for (XmlElement child : children) {
                if (!order.contains(child.name())) {
                    sorted.add(child);
                }
            }
            element.clearContent();
            sorted.forEach(element::append);
        }
        return element;
    }

    /** The definitions libvirt refuses at parse time. */
    private static void check(XmlElement root, String source) {
        String mode = forwardMode(root, source);
        XmlElement forward = root.child("forward").orElse(null);
        if (forward != null) {
            if (mode.equals("open") && (forward.attribute("dev").isPresent() || !forward.children().isEmpty())) {
                throw invalid(source, forward, "forward dev not allowed for network with forward mode='open'");
            }
            Set<String> seen = new HashSet<>();
            for (XmlElement child : forward.children()) {
                if (child.name().equals("interface") || child.name().equals("address")) {
                    String key = child.name() + child.attributes();
                    if (!seen.add(key)) {
                        throw invalid(source, child, "forward " + child.name() + " "
                                + describe(child) + " is listed more than once");
                    }
                }
            }
        }
        for (XmlElement dns : root.children("dns")) {
            if (dns.attribute("enable").filter("no"::equals).isPresent() && !dns.children().isEmpty()) {
                throw invalid(source, dns, "extra data in disabled network DNS element <"
                        + dns.children().get(0).name() + ">");
            }
        }
        for (XmlElement bridge : root.children("bridge")) {
            bridge.attribute("stp").filter(s -> !s.equals("on") && !s.equals("off")).ifPresent(s -> {
                throw invalid(source, bridge, "invalid value '" + s + "' in attribute 'stp' of <bridge>, expected on or off");
            });
        }
    }

    private static String describe(XmlElement element) {
        StringBuilder sb = new StringBuilder();
        element.attributes().forEach((k, v) -> sb.append(sb.length() == 0 ? "" : " ").append(k).append("='")
                .append(v).append('\''));
        return sb.toString();
    }

    static VirtException invalid(String source, XmlElement at, String why) {
        return new VirtException(ErrorCode.XML_ERROR, "XML error: " + source + ": " + at.position() + ": " + why,
                source, null);
    }
}
