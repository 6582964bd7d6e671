package org.virtfx.plumbing.netdev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.virtfx.core.net.MacAddress;

/** Lines of {@code ip -o -d link show} as iproute2 6.1 prints them. */
class IpRouteDevicesParseTest {

    @Test
    void bridgePortLineGivesKindMasterAndState() {
        LinkInfo link = IpRouteDevices.parse("3: vx0@vx1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue "
                + "master br0 state UP mode DEFAULT group default qlen 1000\\    link/ether 0e:61:26:a8:f1:58 brd "
                + "ff:ff:ff:ff:ff:ff promiscuity 1  allmulti 1 minmtu 68 maxmtu 65535 \\    veth \\    bridge_slave "
                + "state disabled priority 32 cost 2 addrgenmode eui64").orElseThrow();
        assertEquals("vx0", link.name());
        assertEquals(3, link.index());
        assertEquals("veth", link.kind());
        assertEquals(Optional.of("br0"), link.master());
        assertEquals(Optional.of(MacAddress.parse("0e:61:26:a8:f1:58")), link.mac());
        assertEquals(1500, link.mtu());
        assertTrue(link.up());
    }

    @Test
    void deviceWithoutKindOrAddress() {
        LinkInfo link = IpRouteDevices.parse("1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group "
                + "default qlen 1000\\    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00 promiscuity 0  "
                + "allmulti 0 minmtu 0 maxmtu 0 addrgenmode eui64 numtxqueues 1").orElseThrow();
        assertEquals("lo", link.name());
        assertEquals("", link.kind());
        assertEquals(Optional.empty(), link.mac());
        assertEquals(Optional.empty(), link.master());
        assertFalse(link.up());
    }

    @Test
    void tapLine() {
        LinkInfo link = IpRouteDevices.parse("5: tp0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noop state "
                + "DOWN mode DEFAULT group default qlen 1000\\    link/ether a6:07:91:50:7c:d6 brd ff:ff:ff:ff:ff:ff "
                + "promiscuity 0 \\    tun type tap pi off vnet_hdr off persist on addrgenmode eui64").orElseThrow();
        assertEquals("tun", link.kind());
        assertTrue(link.up());
    }

    @Test
    void otherLinesAreIgnored() {
        assertTrue(IpRouteDevices.parse("    link/ether 00:11:22:33:44:55").isEmpty());
    }
}
