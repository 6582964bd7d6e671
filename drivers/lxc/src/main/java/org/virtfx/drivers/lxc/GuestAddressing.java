package org.virtfx.drivers.lxc;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.net.IpPrefix;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.plumbing.netdev.NetDevices;

/**
 * What an interface is given inside its container: the {@code <ip address prefix>}es and
 * {@code <route address prefix gateway metric>}s of a domain's {@code <interface>}. As in
 * libvirt's LXC driver they are set before init runs, so init finds its network configured. A
 * route to {@code 0.0.0.0} without a prefix is the default route.
 */
record GuestAddressing(List<IpPrefix> addresses, List<GuestRoute> routes) {

    /** A route inside the container, e.g. the default route {@code 0.0.0.0/0} via the bridge. */
    record GuestRoute(IpPrefix destination, InetAddress gateway, int metric) {
    }

    static GuestAddressing read(XmlElement nic, int index, boolean up) {
        String where = "interface " + index;
        // Point-to-point peers and the host end's own addresses are not done yet: refuse them
        // rather than start a container whose network is not what its XML says.
        if (nic.children("ip").stream().anyMatch(ip -> ip.attribute("peer").isPresent())) {
            throw VirtException.of(ErrorCode.CONFIG_UNSUPPORTED, "<ip peer> of " + where + " is not supported yet");
        }
        if (nic.child("source").map(source -> !source.children("ip").isEmpty() || !source.children("route").isEmpty())
                .orElse(false)) {
            throw VirtException.of(ErrorCode.CONFIG_UNSUPPORTED, "addresses and routes of the host end (<source><ip>)"
                    + " of " + where + " are not supported yet");
        }
        List<IpPrefix> addresses = nic.children("ip").stream().map(ip -> prefixed(ip, where)).toList();
        List<GuestRoute> routes = nic.children("route").stream().map(route -> {
            IpPrefix destination = prefixed(route, where);
            InetAddress gateway = literal(route.attribute("gateway").orElseThrow(() -> VirtException.of(
                    ErrorCode.XML_ERROR, "missing gateway of a <route> of " + where)), "gateway of a <route>", where);
            if ((gateway instanceof Inet4Address) != destination.isIpv4()) {
                throw VirtException.of(ErrorCode.XML_ERROR, "gateway " + gateway.getHostAddress() + " of a <route> of "
                        + where + " is not of its address's family");
            }
            String metric = route.attribute("metric").orElse("1").strip();
            if (!metric.matches("\\d{1,9}") || Integer.parseInt(metric) == 0) {
                throw VirtException.of(ErrorCode.XML_ERROR, "invalid metric '" + metric + "' of a <route> of " + where);
            }
            return new GuestRoute(destination, gateway, Integer.parseInt(metric));
        }).toList();
        // The kernel takes a route only through an interface that is up.
        if (!routes.isEmpty() && !up) {
            throw VirtException.of(ErrorCode.CONFIG_UNSUPPORTED, "routes of " + where
                    + " need its link state up");
        }
        return new GuestAddressing(addresses, routes);
    }

    /** Gives {@code device} in the container its addresses and, brought up, its routes. */
    void applyTo(NetDevices inside, String device) {
        addresses.forEach(address -> inside.addAddress(device, address));
        if (!routes.isEmpty()) {
            inside.setUp(device, true);
            routes.forEach(route -> inside.addRoute(device, route.destination(), route.gateway(), route.metric()));
        }
    }

    boolean isEmpty() {
        return addresses.isEmpty() && routes.isEmpty();
    }

    /** {@code address} with {@code prefix}; without one, IPv4 takes its class's and IPv6 64, as libvirt. */
    private static IpPrefix prefixed(XmlElement element, String where) {
        String what = "<" + element.name() + "> of " + where;
        InetAddress address = literal(element.attribute("address").orElseThrow(() -> VirtException.of(
                ErrorCode.XML_ERROR, "missing address of " + what)), "address of " + what, where);
        Optional<String> prefix = element.attribute("prefix").map(String::strip);
        int bits = address.getAddress().length * 8;
        if (prefix.isPresent() && (!prefix.get().matches("\\d{1,3}") || Integer.parseInt(prefix.get()) > bits)) {
            throw VirtException.of(ErrorCode.XML_ERROR, "invalid prefix '" + prefix.get() + "' of " + what);
        }
        return new IpPrefix(address, prefix.map(Integer::parseInt).orElseGet(() -> naturalPrefix(address)));
    }

    private static int naturalPrefix(InetAddress address) {
        if (!(address instanceof Inet4Address)) {
            return 64;
        }
        if (address.isAnyLocalAddress()) {
            return 0;
        }
        int first = address.getAddress()[0] & 0xff;
        return first < 128 ? 8 : first < 192 ? 16 : 24;
    }

    /** An address literal; never a host name to resolve. */
    private static InetAddress literal(String text, String what, String where) {
        if (!text.matches("[0-9a-fA-F:.]+")) {
            throw VirtException.of(ErrorCode.XML_ERROR, "invalid " + what + " '" + text + "' of " + where);
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw VirtException.of(ErrorCode.XML_ERROR, "invalid " + what + " '" + text + "' of " + where);
        }
    }
}
