package org.virtfx.plumbing.netdev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.net.IpPrefix;
import org.virtfx.core.net.MacAddress;

/** The device operations, each against both implementations, inside private namespaces. */
class NetDevicesTest {
    private static final MacAddress GUEST_MAC = MacAddress.parse("52:54:00:ab:cd:ef");

    @ParameterizedTest
    @EnumSource(Implementation.class)
    void vethPeerIsBornInsideTheTargetNamespace(Implementation implementation) {
        try (TwoNamespaces ns = TwoNamespaces.open(implementation)) {
            assertTrue(ns.hostDevices.createVeth("vfxh0", "vfxg0", ns.guestNamespace(), Optional.of(GUEST_MAC)));

            LinkInfo host = ns.hostDevices.find("vfxh0").orElseThrow();
            assertEquals("veth", host.kind());
            assertFalse(host.up());
            assertTrue(ns.hostDevices.find("vfxg0").isEmpty(), "the peer must not be in the host namespace");
            LinkInfo peer = ns.guestDevices.find("vfxg0").orElseThrow();
            assertEquals(Optional.of(GUEST_MAC), peer.mac());
        }
    }

    @ParameterizedTest
    @EnumSource(Implementation.class)
    void vethPairCanLiveInOneNamespace(Implementation implementation) {
        try (TwoNamespaces ns = TwoNamespaces.open(implementation)) {
            assertTrue(ns.hostDevices.createVeth("vfxa", "vfxb", ns.hostNamespace(), Optional.empty()));
            assertTrue(ns.hostDevices.find("vfxa").isPresent());
            assertTrue(ns.hostDevices.find("vfxb").isPresent());
        }
    }

    @ParameterizedTest
    @EnumSource(Implementation.class)
    void takenNamesAreReportedNotThrown(Implementation implementation) {
        try (TwoNamespaces ns = TwoNamespaces.open(implementation)) {
            NetDevices devices = ns.hostDevices;
            assertTrue(devices.createVeth("vfxh0", "vfxg0", ns.guestNamespace(), Optional.empty()));
            assertFalse(devices.createVeth("vfxh0", "vfxg1", ns.guestNamespace(), Optional.empty()));
            assertFalse(devices.createVeth("vfxh1", "vfxg0", ns.guestNamespace(), Optional.empty()),
                    "a peer name taken in the guest namespace is a taken name too");
            assertFalse(devices.createBridge("vfxh0"));
            assertFalse(devices.createTap("vfxh0"));
            assertTrue(devices.find("vfxh1").isEmpty(), "a refused pair leaves no host end behind");
        }
    }

    @ParameterizedTest
    @EnumSource(Implementation.class)
    void deleteIsIdempotentAndTakesBothEnds(Implementation implementation) {
        try (TwoNamespaces ns = TwoNamespaces.open(implementation)) {
            ns.hostDevices.createVeth("vfxh0", "vfxg0", ns.guestNamespace(), Optional.empty());

            assertTrue(ns.hostDevices.delete("vfxh0"));
            assertFalse(ns.hostDevices.delete("vfxh0"));
            assertTrue(ns.hostDevices.find("vfxh0").isEmpty());
            assertTrue(ns.guestDevices.find("vfxg0").isEmpty(), "deleting one end removes the peer");
        }
    }

    @ParameterizedTest
    @EnumSource(Implementation.class)
    void batchDeleteRemovesEveryPairAndSkipsMissingOnes(Implementation implementation) {
        try (TwoNamespaces ns = TwoNamespaces.open(implementation)) {
            List<String> names = new java.util.ArrayList<>();
            for (int i = 0; i < 20; i++) {
                ns.hostDevices.createVeth("vfxh" + i, "vfxg" + i, ns.guestNamespace(), Optional.empty());
                names.add("vfxh" + i);
            }
            ns.hostDevices.createBridge("vfxkeep");
            names.add("vfxgone");

            ns.hostDevices.deleteAll(names);

            assertEquals(List.of("lo", "vfxkeep"), ns.hostDevices.list().stream().map(LinkInfo::name).sorted().toList());
            assertEquals(List.of("lo"), ns.guestDevices.list().stream().map(LinkInfo::name).toList());
        }
    }

    @ParameterizedTest
    @EnumSource(Implementation.class)
    void bridgesTakeAddressesInsideTheTestNamespace(Implementation implementation) {
        try (TwoNamespaces ns = TwoNamespaces.open(implementation)) {
            ns.hostDevices.createBridge("vfxbr0");
            IpPrefix v4 = IpPrefix.parse("192.168.250.1/24");
            IpPrefix v6 = IpPrefix.parse("fd00:bad:cafe::1/64");

            ns.hostDevices.addAddress("vfxbr0", v4);
            ns.hostDevices.addAddress("vfxbr0", v4);
            ns.hostDevices.addAddress("vfxbr0", v6);

            List<IpPrefix> addresses = ns.hostDevices.addresses("vfxbr0");
            assertTrue(addresses.contains(v4), addresses.toString());
            assertTrue(addresses.contains(v6), addresses.toString());
            assertEquals(1, addresses.stream().filter(v4::equals).count());
        }
    }

    @ParameterizedTest
    @EnumSource(Implementation.class)
    void staticRoutesOfBothFamiliesGoThroughTheirGatewayAndLeaveWithTheDevice(Implementation implementation)
            throws Exception {
        try (TwoNamespaces ns = TwoNamespaces.open(implementation)) {
            NetDevices devices = ns.hostDevices;
            devices.createBridge("vfxbr0");
            devices.addAddress("vfxbr0", IpPrefix.parse("192.0.2.1/24"));
            devices.addAddress("vfxbr0", IpPrefix.parse("fd00:bad:cafe::1/64"));
            devices.setUp("vfxbr0", true);

            devices.addRoute("vfxbr0", IpPrefix.parse("198.51.100.7/24"), InetAddress.getByName("192.0.2.254"), 1);
            devices.addRoute("vfxbr0", IpPrefix.parse("fd00:bad:beef::/48"), InetAddress.getByName("fd00:bad:cafe::fe"), 7);

            assertTrue(routes(ns, "-4").contains("198.51.100.0/24 via 192.0.2.254 dev vfxbr0 proto static metric 1"),
                    routes(ns, "-4"));
            assertTrue(routes(ns, "-6").contains("fd00:bad:beef::/48 via fd00:bad:cafe::fe dev vfxbr0 proto static metric 7"),
                    routes(ns, "-6"));
            VirtException unreachable = assertThrows(VirtException.class, () -> devices.addRoute("vfxbr0",
                    IpPrefix.parse("203.0.113.0/24"), InetAddress.getByName("10.9.9.9"), 1));
            assertTrue(unreachable.getMessage().contains("route to 203.0.113.0/24 via 10.9.9.9"), unreachable.getMessage());
            devices.delete("vfxbr0");
            assertFalse(routes(ns, "-4").contains("198.51.100.0/24"), routes(ns, "-4"));
        }
    }

    private static String routes(TwoNamespaces ns, String family) throws Exception {
        Process ip = new ProcessBuilder("ip", "-n", ns.hostNamespace().name(), family, "route", "show")
                .redirectErrorStream(true).start();
        String out = new String(ip.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        ip.waitFor();
        return out;
    }

    @ParameterizedTest
    @EnumSource(Implementation.class)
    void aDeviceThatCannotBeDeletedDoesNotSaveTheRestOfItsBatch(Implementation implementation) {
        try (TwoNamespaces ns = TwoNamespaces.open(implementation)) {
            ns.hostDevices.createVeth("vfxh0", "vfxg0", ns.guestNamespace(), Optional.empty());
            ns.hostDevices.createVeth("vfxh1", "vfxg1", ns.guestNamespace(), Optional.empty());

            // The loopback device has no rtnetlink delete: the kernel refuses it, and a group with it.
            VirtException e = assertThrows(VirtException.class,
                    () -> ns.hostDevices.deleteAll(List.of("vfxh0", "lo", "vfxh1")));

            assertTrue(e.getMessage().contains("lo") || e.getMessage().contains("not supported"), e.getMessage());
            assertEquals(List.of("lo"), ns.hostDevices.list().stream().map(LinkInfo::name).toList());
            assertEquals(List.of("lo"), ns.guestDevices.list().stream().map(LinkInfo::name).toList());
        }
    }

    @ParameterizedTest
    @EnumSource(Implementation.class)
    void concurrentDeletesAreAllDoneAndReportedOncePerDevice(Implementation implementation) throws Exception {
        try (TwoNamespaces ns = TwoNamespaces.open(implementation)) {
            List<String> names = new java.util.ArrayList<>();
            for (int i = 0; i < 30; i++) {
                ns.hostDevices.createVeth("vfxh" + i, "vfxg" + i, ns.guestNamespace(), Optional.empty());
                names.add("vfxh" + i);
            }
            names.add("vfxmissing");
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(names.size());
            try {
                List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
                for (String name : names) {
                    results.add(pool.submit(() -> ns.hostDevices.delete(name)));
                }
                for (int i = 0; i < names.size(); i++) {
                    assertEquals(!names.get(i).equals("vfxmissing"), results.get(i).get(), names.get(i));
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(List.of("lo"), ns.hostDevices.list().stream().map(LinkInfo::name).toList());
            assertEquals(List.of("lo"), ns.guestDevices.list().stream().map(LinkInfo::name).toList());
        }
    }

    @ParameterizedTest
    @EnumSource(Implementation.class)
    void peerCanBeRenamedInItsNamespace(Implementation implementation) {
        try (TwoNamespaces ns = TwoNamespaces.open(implementation)) {
            ns.hostDevices.createVeth("vfxh0", "vpeer0", ns.guestNamespace(), Optional.of(GUEST_MAC));

            ns.guestDevices.rename("vpeer0", "eth0");

            assertTrue(ns.guestDevices.find("vpeer0").isEmpty());
            assertEquals(Optional.of(GUEST_MAC), ns.guestDevices.find("eth0").orElseThrow().mac());
        }
    }

    @ParameterizedTest
    @EnumSource(Implementation.class)
    void macMtuAndLinkStateChange(Implementation implementation) {
        try (TwoNamespaces ns = TwoNamespaces.open(implementation)) {
            NetDevices devices = ns.hostDevices;
            devices.createVeth("vfxh0", "vfxg0", ns.hostNamespace(), Optional.empty());

            devices.setMac("vfxh0", GUEST_MAC.hostSide());
            devices.setMtu("vfxh0", 1400);
            devices.setUp("vfxh0", true);
            LinkInfo up = devices.find("vfxh0").orElseThrow();
            assertEquals(Optional.of(MacAddress.parse("fe:54:00:ab:cd:ef")), up.mac());
            assertEquals(1400, up.mtu());
            assertTrue(up.up());

            devices.setUp("vfxh0", false);
            assertFalse(devices.find("vfxh0").orElseThrow().up());
        }
    }

    @ParameterizedTest
    @EnumSource(Implementation.class)
    void portsAttachToAndDetachFromBridges(Implementation implementation) {
        try (TwoNamespaces ns = TwoNamespaces.open(implementation)) {
            NetDevices devices = ns.hostDevices;
            assertTrue(devices.createBridge("vfxbr0"));
            assertEquals("bridge", devices.find("vfxbr0").orElseThrow().kind());
            devices.createVeth("vfxh0", "vfxg0", ns.guestNamespace(), Optional.empty());

            devices.attach("vfxh0", "vfxbr0");
            assertEquals(Optional.of("vfxbr0"), devices.find("vfxh0").orElseThrow().master());
            assertEquals(Optional.of("vfxbr0"), devices.list().stream()
                    .filter(l -> l.name().equals("vfxh0")).findFirst().orElseThrow().master());

            devices.detach("vfxh0");
            assertEquals(Optional.empty(), devices.find("vfxh0").orElseThrow().master());
        }
    }

    @ParameterizedTest
    @EnumSource(Implementation.class)
    void aBridgeBecomesItsSegmentsMulticastQuerierAndStopsAgain(Implementation implementation) throws Exception {
        try (TwoNamespaces ns = TwoNamespaces.open(implementation)) {
            NetDevices devices = ns.hostDevices;
            devices.createBridge("vfxbr0");
            assertEquals("0", BridgeOptions.of(ns.hostNamespace(), "vfxbr0", "mcast_querier"), "the kernel's default");

            devices.setMulticastQuerier("vfxbr0", true);
            assertEquals("1", BridgeOptions.of(ns.hostNamespace(), "vfxbr0", "mcast_querier"));
            assertEquals("1", BridgeOptions.of(ns.hostNamespace(), "vfxbr0", "mcast_snooping"));

            devices.setMulticastQuerier("vfxbr0", false);
            assertEquals("0", BridgeOptions.of(ns.hostNamespace(), "vfxbr0", "mcast_querier"));

            VirtException e = assertThrows(VirtException.class, () -> devices.setMulticastQuerier("vfxnone", true));
            assertTrue(e.getMessage().contains("vfxnone"), e.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(Implementation.class)
    void aBridgesMulticastSnoopingGoesOffAndOnAgain(Implementation implementation) throws Exception {
        try (TwoNamespaces ns = TwoNamespaces.open(implementation)) {
            NetDevices devices = ns.hostDevices;
            devices.createBridge("vfxbr0");
            assertEquals("1", BridgeOptions.of(ns.hostNamespace(), "vfxbr0", "mcast_snooping"), "the kernel's default");

            devices.setMulticastSnooping("vfxbr0", false);
            assertEquals("0", BridgeOptions.of(ns.hostNamespace(), "vfxbr0", "mcast_snooping"));
            devices.setMulticastSnooping("vfxbr0", true);
            assertEquals("1", BridgeOptions.of(ns.hostNamespace(), "vfxbr0", "mcast_snooping"));

            VirtException e = assertThrows(VirtException.class, () -> devices.setMulticastSnooping("vfxnone", false));
            assertTrue(e.getMessage().contains("vfxnone"), e.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(Implementation.class)
    void attachingToAMissingBridgeFailsClearly(Implementation implementation) {
        try (TwoNamespaces ns = TwoNamespaces.open(implementation)) {
            ns.hostDevices.createVeth("vfxh0", "vfxg0", ns.guestNamespace(), Optional.empty());
            VirtException e = assertThrows(VirtException.class, () -> ns.hostDevices.attach("vfxh0", "nobridge"));
            assertTrue(e.getMessage().contains("nobridge"), e.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(Implementation.class)
    void devicesMoveBetweenNamespaces(Implementation implementation) {
        try (TwoNamespaces ns = TwoNamespaces.open(implementation)) {
            ns.hostDevices.createVeth("vfxh0", "vfxg0", ns.hostNamespace(), Optional.empty());

            ns.hostDevices.moveTo("vfxg0", ns.guestNamespace());

            assertTrue(ns.hostDevices.find("vfxg0").isEmpty());
            assertEquals("veth", ns.guestDevices.find("vfxg0").orElseThrow().kind());
        }
    }

    @ParameterizedTest
    @EnumSource(Implementation.class)
    void tapDevicesPersistAndJoinBridges(Implementation implementation) {
        try (TwoNamespaces ns = TwoNamespaces.open(implementation)) {
            NetDevices devices = ns.hostDevices;
            devices.createBridge("vfxbr0");
            TapDevices taps = new TapDevices(devices, new DeviceNames(), 4);

            String tap = taps.plug(Optional.empty(), GUEST_MAC, "vfxbr0");

            LinkInfo info = devices.find(tap).orElseThrow();
            assertEquals("tun", info.kind());
            assertEquals(Optional.of("vfxbr0"), info.master());
            assertEquals(Optional.of(GUEST_MAC.hostSide()), info.mac());
            assertTrue(info.up());
            assertTrue(ns.guestDevices.find(tap).isEmpty(), "the tap is made in the namespace of its devices");
            taps.delete(tap);
            assertTrue(devices.find(tap).isEmpty());
        }
    }

    @ParameterizedTest
    @EnumSource(Implementation.class)
    void hostileNamesAreNamesNotCommands(Implementation implementation) {
        try (TwoNamespaces ns = TwoNamespaces.open(implementation)) {
            NetDevices devices = ns.hostDevices;
            // The kernel accepts these characters; what matters is that no shell ever runs them.
            assertTrue(devices.createBridge("a;reboot"));
            assertTrue(devices.createBridge("$(id)"));
            assertEquals(List.of("$(id)", "a;reboot"), devices.list().stream().map(LinkInfo::name)
                    .filter(n -> !n.equals("lo")).sorted().toList());

            assertThrows(VirtException.class, () -> devices.createBridge("../x"));
            assertThrows(VirtException.class, () -> devices.createBridge("x".repeat(16)));
            assertThrows(VirtException.class, () -> devices.createBridge("two words"));
        }
    }

    @ParameterizedTest
    @EnumSource(Implementation.class)
    void operationsOnMissingDevicesNameThem(Implementation implementation) {
        try (TwoNamespaces ns = TwoNamespaces.open(implementation)) {
            VirtException e = assertThrows(VirtException.class, () -> ns.hostDevices.setUp("vfxnone", true));
            assertTrue(e.getMessage().contains("vfxnone"), e.getMessage());
            assertTrue(ns.hostDevices.find("vfxnone").isEmpty());
        }
    }
}
