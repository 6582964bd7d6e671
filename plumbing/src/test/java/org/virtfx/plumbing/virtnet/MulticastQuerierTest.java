package org.virtfx.plumbing.virtnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.virtfx.plumbing.virtnet.TestCommands.retry;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtfx.core.event.EventBus;
import org.virtfx.core.net.MacAddress;
import org.virtfx.core.network.NetworkSummary;
import org.virtfx.plumbing.netdev.BridgeOptions;
import org.virtfx.plumbing.netdev.DeviceNames;
import org.virtfx.plumbing.netdev.NetDevices;
import org.virtfx.plumbing.netdev.NetNamespace;
import org.virtfx.plumbing.netdev.NetlinkDevices;
import org.virtfx.plumbing.netdev.RootTests;
import org.virtfx.plumbing.netdev.TestNamespace;
import org.virtfx.plumbing.netdev.VethPairs;
import org.virtfx.plumbing.netdev.VethRequest;

/**
 * A network's bridge that carries IPv6 is its segment's multicast querier, so the guests'
 * multicast (duplicate-address checks, MLD reports, router solicitations: what made a thousand
 * containers cost more than ten times a hundred) goes only to the ports that listen, while the
 * guests' IPv6 keeps working; a bridge without IPv6 floods as libvirt's does. Three guests,
 * each a namespace of the test's own with a port on each of two networks.
 */
class MulticastQuerierTest {
    @TempDir
    Path config;
    @TempDir
    Path state;
    private final List<TestNamespace> namespaces = new ArrayList<>();
    private NetDevices devices;

    @BeforeEach
    void openNamespaces() {
        RootTests.requireRoot();
        namespaces.add(TestNamespace.create());
        devices = NetlinkDevices.open(namespaces.get(0).namespace());
    }

    @AfterEach
    void removeNamespaces() {
        try {
            if (devices != null) {
                devices.close();
            }
        } finally {
            namespaces.forEach(TestNamespace::close);
        }
    }

    @Test
    void guestsMulticastOnAnIpv6NetworkReachesOnlyItsListenersAndTheirIpv6StillWorks() throws Exception {
        requireBusybox();
        VirtualNetworks driver = new VirtualNetworks(config, state, devices, new EventBus());
        NetworkSummary six = driver.define("<network ipv6='yes'><name>six</name><bridge name='vfxmld6'/></network>");
        NetworkSummary four = driver.define("<network><name>four</name><bridge name='vfxmld4'/></network>");
        driver.start(six.uuid());
        driver.start(four.uuid());
        NetNamespace hostSide = namespaces.get(0).namespace();
        assertEquals("1", BridgeOptions.of(hostSide, "vfxmld6", "mcast_querier"));
        assertEquals("1", BridgeOptions.of(hostSide, "vfxmld6", "mcast_snooping"));
        assertEquals("0", BridgeOptions.of(hostSide, "vfxmld4", "mcast_querier"), "left as libvirt leaves it");
        assertEquals("0", BridgeOptions.of(hostSide, "vfxmld4", "mcast_snooping"), "no querier: it floods");

        NetNamespace a = guest(1);
        NetNamespace b = guest(2);
        // The bridge asks its first MLD question once it has a link-local address, which it
        // gets with its first port up; a port that comes up later makes it ask on every port.
        assertTrue(retry(10, () -> devices.addresses("vfxmld6").stream()
                .anyMatch(address -> !address.isIpv4() && address.address().isLinkLocalAddress())),
                "the bridge has no link-local address: " + devices.addresses("vfxmld6"));
        Thread.sleep(2000);
        NetNamespace c = guest(3);

        // Echo requests to b's solicited-node group: b answers, c's port carries them only
        // while the bridge floods (the kernel waits one query response interval, 10 s, first).
        String bGroupOnSix = "ff02::1:ff16:2%eth0";
        assertTrue(retry(40, () -> pingsAnswered(a, bGroupOnSix)
                && framesTo(c, "eth0", () -> pingsAnswered(a, bGroupOnSix)) == 0),
                "the IPv6 network's bridge still floods b's group to c");
        // Neighbour discovery asks through the solicited-node groups the bridge now snoops.
        assertTrue(pingsAnswered(a, "fe80::5054:ff:fe16:2%eth0"), "a reaches b's link-local address");
        assertTrue(retry(5, () -> pingsAnswered(c, "fe80::5054:ff:fe16:1%eth0")),
                "c, whose address was checked for duplicates under the querier, reaches a's");

        String bGroupOnFour = "ff02::1:ff16:102%eth1";
        assertTrue(framesTo(c, "eth1", () -> pingsAnswered(a, bGroupOnFour)) >= 10,
                "a bridge without IPv6 floods every guest's multicast to every port, as libvirt's");

        driver.destroy(six.uuid());
        driver.destroy(four.uuid());
    }

    /**
     * A guest namespace with {@code eth0} on the IPv6 network and {@code eth1} on the other, up,
     * with addresses {@code 52:54:00:16:00:N} and {@code 52:54:00:16:01:N}.
     */
    private NetNamespace guest(int n) {
        TestNamespace guest = TestNamespace.create();
        namespaces.add(guest);
        VethPairs pairs = new VethPairs(devices, new DeviceNames(), 4);
        pairs.plug(new VethRequest(Optional.empty(), Optional.of("eth0"), guest.namespace(),
                Optional.of(MacAddress.parse("52:54:00:16:00:0" + n))), "vfxmld6");
        pairs.plug(new VethRequest(Optional.empty(), Optional.of("eth1"), guest.namespace(),
                Optional.of(MacAddress.parse("52:54:00:16:01:0" + n))), "vfxmld4");
        try (NetDevices inside = NetlinkDevices.open(guest.namespace())) {
            inside.setUp("eth0", true);
            inside.setUp("eth1", true);
        }
        return guest.namespace();
    }

    /** Whether {@code from} got an answer to any of 10 echo requests to {@code target}. */
    private static boolean pingsAnswered(NetNamespace from, String target) throws Exception {
        return run(from, "busybox", "ping6", "-c", "10", "-i", "0.05", "-W", "1", "-q", target) == 0;
    }

    /** How many frames {@code device} in {@code guest} received while {@code action} ran. */
    private static long framesTo(NetNamespace guest, String device, java.util.concurrent.Callable<Boolean> action)
            throws Exception {
        long before = receivedFrames(guest, device);
        action.call();
        return receivedFrames(guest, device) - before;
    }

    /**
     * The frames {@code device} received, from the namespace's own table: {@code /proc/net} is
     * the main thread's namespace, {@code /proc/thread-self/net} the calling thread's.
     */
    private static long receivedFrames(NetNamespace guest, String device) throws Exception {
        String table = guest.call(() -> Files.readString(Path.of("/proc/thread-self/net/dev"), StandardCharsets.US_ASCII));
        for (String line : table.split("\n")) {
            String[] fields = line.strip().split("[:\\s]+");
            if (fields[0].equals(device)) {
                return Long.parseLong(fields[2]);
            }
        }
        throw new AssertionError("no " + device + " in " + table);
    }

    private static int run(NetNamespace namespace, String... command) throws Exception {
        List<String> full = new ArrayList<>(List.of("nsenter", "--net=" + namespace.path(), "--"));
        full.addAll(List.of(command));
        return TestCommands.run(full.toArray(String[]::new));
    }

    /** busybox's ping6 drives the guests: a skip for a developer without it, a failure in CI. */
    private static void requireBusybox() {
        boolean found = Files.isExecutable(Path.of("/usr/bin/busybox")) || Files.isExecutable(Path.of("/bin/busybox"));
        if (!found && "true".equals(System.getenv("CI"))) {
            org.junit.jupiter.api.Assertions.fail("busybox is missing, and CI=true forbids skipping");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(found, "skipped: busybox is not installed");
    }
}
