package org.virtfx.drivers.lxc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.virtfx.plumbing.netdev.RootTests;

/**
 * A container's interface on a virtual network that carries no IPv6 (no IPv6 address, no
 * {@code ipv6='yes'}) is kept out of IPv6, so it floods no multicast to the other guests;
 * everywhere else its IPv6 is the guest's own.
 */
class GuestIpv6Test {
    private static final String SIX = "lxcsix";

    @BeforeEach
    void requireRoot() {
        RootTests.requireRoot();
    }

    @Test
    void anInterfaceOnANetworkWithoutIpv6HasNoneEvenWhenItsGuestBringsItUp() throws Exception {
        try (LxcTestHost host = LxcTestHost.open()) {
            long init = started(host, "plain", nic(LxcTestHost.NETWORK, "") + nic(LxcTestHost.NETWORK, "<link state='down'/>"));

            String addresses = ipv6Addresses(init);
            assertFalse(addresses.contains(" eth0"), addresses);
            assertTrue(addresses.contains("00000000000000000000000000000001 01 80 10 80       lo"), addresses);
            assertEquals("1", disableIpv6(init, "eth0"));
            assertEquals("1", disableIpv6(init, "eth1"), "an interface left down is kept out too");
            ContainerLifecycleTest.inside(init, "-n", "ip", "link", "set", "eth1", "up");
            addresses = ipv6Addresses(init);
            assertFalse(addresses.contains(" eth1"), addresses);
        }
    }

    @Test
    void aNetworkThatCarriesIpv6LeavesTheGuestItsLinkLocalAddress() throws Exception {
        try (LxcTestHost host = LxcTestHost.open()) {
            UUID network = host.connection.networks().define("<network ipv6='yes'><name>" + SIX
                    + "</name><bridge name='vfxlxcbr6'/></network>").uuid();
            host.connection.networks().start(network);

            long init = started(host, "six", nic(SIX, ""));

            assertTrue(ipv6Addresses(init).lines().anyMatch(l -> l.startsWith("fe80") && l.endsWith(" eth0")),
                    ipv6Addresses(init));
            assertEquals("0", disableIpv6(init, "eth0"));
        }
    }

    @Test
    void anIpv6AddressOfTheGuestsOwnOrAHostBridgeKeepsIpv6On() throws Exception {
        try (LxcTestHost host = LxcTestHost.open()) {
            long init = started(host, "own", nic(LxcTestHost.NETWORK,
                    "<ip family='ipv6' address='fd00:6::6' prefix='64'/>")
                    + "<interface type='bridge'><source bridge='" + LxcTestHost.BRIDGE + "'/></interface>");

            String addresses = ipv6Addresses(init);
            assertTrue(addresses.contains("fd000006000000000000000000000006"), addresses);
            assertEquals("0", disableIpv6(init, "eth0"));
            assertEquals("0", disableIpv6(init, "eth1"), "a host bridge's LAN decides its guests' IPv6");
        }
    }

    private static long started(LxcTestHost host, String name, String interfaces) {
        UUID uuid = host.connection.domains().define("<domain type='lxc'><name>" + name + "</name>"
                + "<memory unit='MiB'>64</memory><os><type>exe</type><init>/bin/sleep</init>"
                + "<initarg>infinity</initarg></os><devices>" + interfaces + "</devices></domain>").uuid();
        host.connection.domains().start(uuid);
        return host.domains().initPid(uuid).orElseThrow();
    }

    private static String nic(String network, String inside) {
        return "<interface type='network'><source network='" + network + "'/>" + inside + "</interface>";
    }

    /** The container's IPv6 addresses, a line each, its interface's name last. */
    private static String ipv6Addresses(long init) throws IOException {
        return Files.readString(Path.of("/proc", Long.toString(init), "net/if_inet6"));
    }

    /** {@code /proc/sys/net} shows the namespace of whoever opens it, hence nsenter. */
    private static String disableIpv6(long init, String device) throws IOException, InterruptedException {
        return ContainerLifecycleTest.inside(init, "-n", "cat", "/proc/sys/net/ipv6/conf/" + device + "/disable_ipv6")
                .strip();
    }
}
