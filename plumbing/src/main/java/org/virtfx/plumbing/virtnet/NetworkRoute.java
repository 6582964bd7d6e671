package org.virtfx.plumbing.virtnet;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.net.IpPrefix;
import org.virtfx.core.net.IpText;
import org.virtfx.core.xml.XmlElement;

/**
 * A network's {@code <route address prefix|netmask gateway metric>}: a static route the driver
 * adds on the network's bridge when it starts, as libvirt does, so that subnets behind a guest
 * acting as a router are reachable from the host. It goes when the bridge does.
 *
 * @param destination the routed subnet
 * @param gateway     the guest that routes it, on one of the network's subnets
 * @param metric      lower wins; 1 unless given
 */
record NetworkRoute(IpPrefix destination, InetAddress gateway, int metric) {

    static List<NetworkRoute> of(XmlElement network) {
        String name = network.child("name").map(n -> n.text().strip()).orElse("");
        List<NetworkRoute> routes = new ArrayList<>();
        for (XmlElement route : network.children("route")) {
            IpPrefix destination = NetworkAddressing.prefixed(route, name);
            String where = "<route address='" + IpText.of(destination.address()) + "'> of network '" + name + "'";
            InetAddress gateway = NetworkAddressing.literal(route.attribute("gateway").orElseThrow(() ->
                    VirtException.of(ErrorCode.XML_ERROR, "missing gateway in " + where)), "gateway of <route>", name);
            if ((gateway instanceof Inet4Address) != destination.isIpv4()) {
                throw VirtException.of(ErrorCode.XML_ERROR, "gateway " + IpText.of(gateway) + " of " + where
                        + " is not of the address's family");
            }
            String metric = route.attribute("metric").orElse("1").strip();
            if (!metric.matches("\\d{1,9}") || Integer.parseInt(metric) == 0) {
                throw VirtException.of(ErrorCode.XML_ERROR, "invalid metric '" + metric + "' in " + where
                        + " (a whole number from 1)");
            }
            routes.add(new NetworkRoute(destination, gateway, Integer.parseInt(metric)));
        }
        return routes;
    }
}
