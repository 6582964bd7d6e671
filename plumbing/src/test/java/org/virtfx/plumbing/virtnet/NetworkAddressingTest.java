package org.virtfx.plumbing.virtnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.net.IpPrefix;
import org.virtfx.core.net.MacAddress;
import org.virtfx.core.network.DhcpLease;
import org.virtfx.core.xml.ConformanceCorpus;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlParser;

/** How a network's {@code <ip>} elements are read and checked, and what dnsmasq is told: no root needed. */
class NetworkAddressingTest {
    private static final NetworkDns NO_DNS = new NetworkDns(true, Optional.empty(), false, List.of());

    private static List<NetworkAddressing> of(String ips) {
        return NetworkAddressing.of(root("<network><name>n</name>" + ips + "</network>"));
    }

    private static XmlElement root(String xml) {
        return new XmlParser().parse(xml, "test");
    }

    private static VirtException refused(String ips) {
        return assertThrows(VirtException.class, () -> of(ips));
    }

    @Test
    void ipv6SubnetsAreReadWithLibvirtsDefaults() {
        List<NetworkAddressing> ips = of("<ip family='ipv6' address='fd00:1::1'/>"
                + "<ip address='10.24.10.1'/><ip address='172.20.0.1'/>");

        assertEquals(IpPrefix.parse("fd00:1::1/64"), ips.get(0).address(), "IPv6 defaults to /64");
        assertTrue(ips.get(0).ipv6());
        assertEquals("fd00:1::/64", ips.get(0).subnet());
        assertEquals("10.0.0.0/8", ips.get(1).subnet(), "IPv4 without prefix takes its class, as libvirt");
        assertEquals("172.20.0.0/16", ips.get(2).subnet());
    }

    @Test
    void badIpv6DefinitionsAreRefusedNamingTheField() {
        assertTrue(refused("<ip family='ipv6' address='fd00::1' netmask='ffff:ffff::'/>").getMessage()
                .contains("netmask not allowed for IPv6 address 'fd00::1'"));
        VirtException prefix = refused("<ip family='ipv6' address='fd00::1' prefix='129'/>");
        assertEquals(ErrorCode.CONFIG_UNSUPPORTED, prefix.code());
        assertTrue(prefix.getMessage().contains("invalid IPv6 prefix '129'"), prefix.getMessage());
        assertTrue(refused("<ip address='fd00::1' prefix='64'/>").getMessage().contains("non-IPv4 address"));
        assertTrue(refused("<ip family='ipv6' address='10.0.0.1'/>").getMessage().contains("non-IPv6 address"));
        assertTrue(refused("<ip family='ipx' address='10.0.0.1'/>").getMessage().contains("family 'ipx'"));
        String outside = refused("<ip family='ipv6' address='fd00::1' prefix='64'><dhcp>"
                + "<range start='fd00:0:0:1::10' end='fd00:0:0:1::20'/></dhcp></ip>").getMessage();
        assertTrue(outside.contains("is not entirely within network fd00::/64"), outside);
        assertTrue(refused("<ip family='ipv6' address='fd00::1' prefix='64'><dhcp>"
                + "<range start='fd00::20' end='fd00::10'/></dhcp></ip>").getMessage().contains("starts after its end"));
        assertTrue(refused("<ip family='ipv6' address='fd00::1' prefix='64'><dhcp>"
                + "<range start='fd00::1:10' end='fd00::2:10'/></dhcp></ip>").getMessage().contains("too large"));
        assertTrue(refused("<ip family='ipv6' address='fd00::1' prefix='64'><dhcp>"
                + "<host mac='52:54:00:00:00:01' ip='fd00::5'/></dhcp></ip>").getMessage()
                .contains("MAC address '52:54:00:00:00:01'"));
        assertTrue(refused("<ip family='ipv6' address='fd00::1' prefix='64'><dhcp>"
                + "<host ip='fd00::5'/></dhcp></ip>").getMessage().contains("must have id or name"));
        assertTrue(refused("<ip family='ipv6' address='fd00::1' prefix='64'><dhcp>"
                + "<host id='0:3:zz' ip='fd00::5'/></dhcp></ip>").getMessage().contains("id '0:3:zz'"));
        assertTrue(refused("<ip address='192.168.5.1' prefix='24'><dhcp>"
                + "<range start='192.168.5.0' end='192.168.5.9'/></dhcp></ip>").getMessage()
                .contains("is the network address"));
    }

    @Test
    void dhcpIsServedOnOneSubnetPerFamily() {
        String two = "<ip family='ipv6' address='fd00:1::1' prefix='64'><dhcp><range start='fd00:1::10' end='fd00:1::20'/>"
                + "</dhcp></ip><ip family='ipv6' address='fd00:2::1' prefix='64'><dhcp>"
                + "<host name='paul' ip='fd00:2::21'/></dhcp></ip>";
        VirtException e = refused(two);
        assertEquals(ErrorCode.CONFIG_UNSUPPORTED, e.code());
        assertEquals("unsupported configuration: Multiple IPv6 dhcp sections found -- dhcp is supported only for a "
                + "single IPv6 address on each network", e.getMessage());
        // One IPv4 and one IPv6 subnet with DHCP, plus an IPv6 subnet without, are fine.
        assertEquals(3, of("<ip address='10.1.0.1' prefix='24'><dhcp><range start='10.1.0.5' end='10.1.0.9'/></dhcp></ip>"
                + "<ip family='ipv6' address='fd00:1::1' prefix='64'><dhcp><range start='fd00:1::10' end='fd00:1::20'/>"
                + "</dhcp></ip><ip family='ipv6' address='fd00:2::1' prefix='64'/>").size());
    }

    @Test
    void dnsmasqGetsDhcpv6RangesHostsAndRouterAdvertisements() {
        List<NetworkAddressing> ips = of("<ip address='192.168.122.1' netmask='255.255.255.0'><dhcp>"
                + "<range start='192.168.122.2' end='192.168.122.254'/></dhcp></ip>"
                + "<ip family='ipv6' address='2001:db8:ac10:fd01::1' prefix='64'><dhcp>"
                + "<range start='2001:db8:ac10:fd01::1:10' end='2001:db8:ac10:fd01::1:ff'/>"
                + "<host id='0:4:7e:7d:f0:7d:a8:bc:c5:d2:13:32:11:ed:16:ea:84:63' ip='2001:db8:ac10:fd01::1:20'/>"
                + "<host name='paul' ip='2001:db8:ac10:fd01::1:21'/>"
                + "<host id='0:3:0:1:0:16:3e:11:22:33' name='peter.xyz' ip='2001:db8:ac10:fd01::1:22'/>"
                + "</dhcp></ip><ip family='ipv6' address='fd00:9::1' prefix='64'/>");

        String conf = Dnsmasq.configuration("default", "virbr0", false, ips, NO_DNS, Path.of("/s/l"), Path.of("/s/p"));

        List<String> lines = conf.lines().toList();
        assertTrue(lines.contains("dhcp-range=192.168.122.2,192.168.122.254,255.255.255.0"), conf);
        assertTrue(lines.contains("dhcp-range=2001:db8:ac10:fd01::1:10,2001:db8:ac10:fd01::1:ff,64"), conf);
        assertTrue(lines.contains("dhcp-host=id:0:4:7e:7d:f0:7d:a8:bc:c5:d2:13:32:11:ed:16:ea:84:63,"
                + "[2001:db8:ac10:fd01::1:20]"), conf);
        assertTrue(lines.contains("dhcp-host=paul,[2001:db8:ac10:fd01::1:21]"), conf);
        assertTrue(lines.contains("dhcp-host=id:0:3:0:1:0:16:3e:11:22:33,peter.xyz,[2001:db8:ac10:fd01::1:22]"), conf);
        assertTrue(lines.contains("dhcp-lease-max=493"), "253 IPv4 + 240 IPv6 addresses, as libvirt counts: " + conf);
        assertTrue(lines.contains("enable-ra"), conf);
        assertFalse(conf.contains("ra-only"), "with DHCPv6 on one subnet, RA is managed: " + conf);
        assertFalse(conf.contains("ra-param"), "only isolated networks disown the default route");
    }

    @Test
    void ipv6WithoutDhcpIsAnnouncedForSlaacAndIsolatedNetworksAnnounceNoRoute() throws Exception {
        String conf = Dnsmasq.configuration("nat", "virbr0", true,
                NetworkAddressing.of(root(ConformanceCorpus.read("tests/networkxml2xmlin/nat-network.xml"))),
                NO_DNS, Path.of("/s/l"), Path.of("/s/p"));

        List<String> lines = conf.lines().toList();
        assertTrue(lines.contains("dhcp-range=2001:db8:ac10:fe01::1,ra-only"), conf);
        assertTrue(lines.contains("dhcp-range=2001:db8:ac10:fd01::1,ra-only"), conf);
        assertFalse(lines.contains("enable-ra"), conf);
        assertTrue(lines.contains("ra-param=*,0,0") && lines.contains("dhcp-option=3"), conf);
        assertTrue(lines.contains("dhcp-host=00:16:3e:77:e2:ed,192.168.122.10,a.example.com"), conf);
        assertTrue(lines.contains("dhcp-lease-max=253"), conf);

        String staticOnly = Dnsmasq.configuration("s", "virbr1", false, of("<ip family='ipv6' address='fd00::1'>"
                + "<dhcp><host name='paul' ip='fd00::21'/></dhcp></ip>"), NO_DNS, Path.of("/l"), Path.of("/p"));
        assertTrue(staticOnly.lines().anyMatch("dhcp-range=fd00::1,static,64"::equals), staticOnly);
        assertFalse(staticOnly.contains("dhcp-lease-max"), staticOnly);
    }

    @Test
    void dhcpv6LeasesAreReadBesideIpv4Ones() throws Exception {
        List<NetworkAddressing> ips = of("<ip address='192.168.122.1' prefix='24'/>"
                + "<ip family='ipv6' address='fd00:1::1' prefix='64'/>");
        List<String> file = List.of(
                "1700000000 52:54:00:3c:6b:5b 192.168.122.88 guest1 01:52:54:00:3c:6b:5b",
                "duid 00:01:00:01:2c:aa:bb:cc:52:54:00:00:00:01",
                "1700000100 12648430 fd00:1::1d3 guest2 00:03:00:01:52:54:00:12:e4:8e",
                "1700000200 T77 fd00:1::99 * 00:04:7e:7d:f0:7d:a8:bc:c5:d2:13:32:11:ed:16:ea:84:63");

        List<DhcpLease> leases = Dnsmasq.parseLeases(file, ips);

        assertEquals(3, leases.size(), leases.toString());
        DhcpLease v4 = leases.get(0);
        assertEquals("ipv4", v4.protocol());
        assertEquals(Optional.of(MacAddress.parse("52:54:00:3c:6b:5b")), v4.mac());
        assertEquals(24, v4.prefix());
        assertEquals(Optional.of("01:52:54:00:3c:6b:5b"), v4.clientId());
        DhcpLease v6 = leases.get(1);
        assertEquals("ipv6", v6.protocol());
        assertEquals(InetAddress.getByName("fd00:1::1d3"), v6.ip());
        assertEquals(64, v6.prefix());
        assertEquals(Instant.ofEpochSecond(1700000100), v6.expiry());
        assertEquals(Optional.of("guest2"), v6.hostname());
        assertEquals(Optional.of("12648430"), v6.iaid());
        assertEquals(Optional.of("00:03:00:01:52:54:00:12:e4:8e"), v6.clientId());
        assertEquals(Optional.of(MacAddress.parse("52:54:00:12:e4:8e")), v6.mac(), "the MAC inside a DUID-LL");
        DhcpLease uuidDuid = leases.get(2);
        assertEquals(Optional.empty(), uuidDuid.mac(), "a DUID-UUID holds no MAC");
        assertEquals(Optional.of("77"), uuidDuid.iaid());
        assertEquals(Optional.empty(), uuidDuid.hostname());
    }
}
