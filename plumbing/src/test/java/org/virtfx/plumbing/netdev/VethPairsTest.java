package org.virtfx.plumbing.netdev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.net.MacAddress;

/**
 * The seed scenario of host networking: many workers making veth pairs at once, with and
 * without another process taking {@code vnetN} names, failures at every step, and bursts of
 * guests plugged into one bridge. Host ends live in one private namespace, peers are born in
 * a second one, as for containers.
 */
class VethPairsTest {
    private static final String BRIDGE = "vfxbr0";

    @ParameterizedTest
    @EnumSource(Implementation.class)
    void parallelAllocationsNeverCollide(Implementation implementation) throws Exception {
        try (TwoNamespaces ns = TwoNamespaces.open(implementation)) {
            FailingDevices devices = new FailingDevices(ns.hostDevices, FailingDevices.Step.NONE);
            VethPairs pairs = new VethPairs(devices, new DeviceNames(), VethPairs.DEFAULT_ATTEMPTS);

            List<VethPair> made = allocate(pairs, ns.guestNamespace(), 16, 100);

            assertAllDistinctAndPresent(made, ns);
            pairs.deleteAll(made);
            assertTrue(vethsIn(ns.hostDevices).isEmpty(), "every pair deleted");
            assertTrue(vethsIn(ns.guestDevices).isEmpty(), "every peer deleted with its pair");
        }
    }

    @ParameterizedTest
    @EnumSource(Implementation.class)
    void parallelAllocationsSucceedWhileAnotherProcessTakesVnetNames(Implementation implementation) throws Exception {
        try (TwoNamespaces ns = TwoNamespaces.open(implementation)) {
            FailingDevices devices = new FailingDevices(ns.hostDevices, FailingDevices.Step.NONE);
            VethPairs pairs = new VethPairs(devices, new DeviceNames(), VethPairs.DEFAULT_ATTEMPTS);
            Process competitor = startVnetCreator(ns.hostNamespace(), 3000);
            try {
                // Let the competitor get ahead, so that our counter (starting at vnet0) must meet it.
                waitFor(() -> ns.hostDevices.find("vnet20").isPresent());

                List<VethPair> made = allocate(pairs, ns.guestNamespace(), 16, 100);

                assertTrue(devices.takenNames.get() > 0, "the competitor never took a name we wanted");
                assertAllDistinctAndPresent(made, ns);
                pairs.deleteAll(made);
                stop(competitor);
                assertNoneLeft(made, ns);
            } finally {
                competitor.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * A hundred containers starting at once, each plugging one pair: with the netlink
     * implementation their requests travel in shared batches, and a name the competitor took
     * first must send only that request round again, with the next name, never fail the rest.
     */
    @ParameterizedTest
    @EnumSource(Implementation.class)
    void hundredPlugsAtOnceAllSucceedWhileAnotherProcessTakesVnetNames(Implementation implementation)
            throws Exception {
        try (TwoNamespaces ns = TwoNamespaces.open(implementation)) {
            ns.hostDevices.createBridge(BRIDGE);
            FailingDevices devices = new FailingDevices(ns.hostDevices, FailingDevices.Step.NONE);
            VethPairs pairs = new VethPairs(devices, new DeviceNames(), VethPairs.DEFAULT_ATTEMPTS);
            Process competitor = startVnetCreator(ns.hostNamespace(), 3000);
            try {
                waitFor(() -> ns.hostDevices.find("vnet20").isPresent());

                List<VethPair> made = runAtOnce(100, i -> () -> pairs.plug(
                        VethRequest.generated(ns.guestNamespace(), MacAddress.randomLibvirt()), BRIDGE));

                assertTrue(devices.takenNames.get() > 0, "the competitor never took a name we wanted");
                assertAllDistinctAndPresent(made, ns);
                Map<String, LinkInfo> host = byName(ns.hostDevices.list());
                for (VethPair pair : made) {
                    assertEquals(Optional.of(BRIDGE), host.get(pair.host()).master(), pair + " is not on the bridge");
                }
                deleteAll(pairs, made);
                stop(competitor);
                assertNoneLeft(made, ns);
            } finally {
                competitor.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Implementation.class)
    void plugsIntoAMissingBridgeFailAloneAmongConcurrentOnes(Implementation implementation) throws Exception {
        try (TwoNamespaces ns = TwoNamespaces.open(implementation)) {
            ns.hostDevices.createBridge(BRIDGE);
            VethPairs pairs = new VethPairs(ns.hostDevices, new DeviceNames(), VethPairs.DEFAULT_ATTEMPTS);

            List<Optional<VethPair>> outcomes = runAtOnce(40, i -> () -> {
                VethRequest request = VethRequest.generated(ns.guestNamespace(), MacAddress.randomLibvirt());
                if (i % 4 != 1) {
                    return Optional.of(pairs.plug(request, BRIDGE));
                }
                VirtException e = assertThrows(VirtException.class, () -> pairs.plug(request, "vfxnone"));
                assertTrue(e.getMessage().contains("vfxnone"), e.getMessage());
                return Optional.<VethPair>empty();
            });

            List<VethPair> made = outcomes.stream().flatMap(Optional::stream).toList();
            assertEquals(30, made.size());
            assertAllDistinctAndPresent(made, ns);
            assertEquals(30, vethsIn(ns.hostDevices).size(), "a refused plug left a host end behind");
            pairs.deleteAll(made);
            assertNoneLeft(made, ns);
        }
    }

    /** Ways the kernel can refuse a plug, each in a different part of the one request. */
    enum Refusal {
        /** The peer's address is a multicast one: refused before anything is made. */
        PEER_MAC,
        /** The "bridge" is a veth, which takes no ports: refused after the pair was registered. */
        NOT_A_BRIDGE,
        /** There is no such bridge at all. */
        NO_BRIDGE
    }

    static List<Arguments> everyRefusalOfEveryImplementation() {
        List<Arguments> cases = new ArrayList<>();
        for (Implementation implementation : Implementation.values()) {
            for (Refusal refusal : Refusal.values()) {
                cases.add(Arguments.of(implementation, refusal));
            }
        }
        return cases;
    }

    @ParameterizedTest
    @MethodSource("everyRefusalOfEveryImplementation")
    void aRefusedPlugLeavesNoDeviceBehind(Implementation implementation, Refusal refusal) {
        try (TwoNamespaces ns = TwoNamespaces.open(implementation)) {
            ns.hostDevices.createBridge(BRIDGE);
            ns.hostDevices.createVeth("vfxnotbr", "vfxnotbrp", ns.hostNamespace(), Optional.empty());
            VethPairs pairs = new VethPairs(ns.hostDevices, new DeviceNames(), 4);
            MacAddress multicast = new MacAddress(new byte[] {0x01, 0x54, 0, 0x10, 0, 1});
            MacAddress guestMac = refusal == Refusal.PEER_MAC ? multicast : MacAddress.randomLibvirt();
            String bridge = switch (refusal) {
                case PEER_MAC -> BRIDGE;
                case NOT_A_BRIDGE -> "vfxnotbr";
                case NO_BRIDGE -> "vfxnone";
            };

            assertThrows(VirtException.class, () -> pairs.plug(
                    VethRequest.generated(ns.guestNamespace(), guestMac), bridge));

            assertEquals(List.of("vfxnotbr", "vfxnotbrp"),
                    vethsIn(ns.hostDevices).stream().map(LinkInfo::name).sorted().toList(), "host ends left behind");
            assertEquals(List.of(), vethsIn(ns.guestDevices), "peers left behind");
        }
    }

    @ParameterizedTest
    @EnumSource(Implementation.class)
    void aGivenNameThatIsTakenFailsWithoutRetryAndLeavesNothing(Implementation implementation) {
        try (TwoNamespaces ns = TwoNamespaces.open(implementation)) {
            ns.hostDevices.createBridge("vfxtaken");
            VethPairs pairs = new VethPairs(ns.hostDevices, new DeviceNames(), 4);

            VirtException e = assertThrows(VirtException.class, () -> pairs.create(new VethRequest(
                    Optional.of("vfxtaken"), Optional.empty(), ns.guestNamespace(), Optional.empty())));

            assertTrue(e.getMessage().contains("'vfxtaken' already exists"), e.getMessage());
            assertEquals(List.of(), vethsIn(ns.guestDevices));
        }
    }

    @ParameterizedTest
    @EnumSource(Implementation.class)
    void aGivenPeerNameTakenInTheGuestIsNamedInTheError(Implementation implementation) {
        try (TwoNamespaces ns = TwoNamespaces.open(implementation)) {
            ns.guestDevices.createBridge("eth0");
            VethPairs pairs = new VethPairs(ns.hostDevices, new DeviceNames(), 4);

            VirtException e = assertThrows(VirtException.class, () -> pairs.create(new VethRequest(
                    Optional.empty(), Optional.of("eth0"), ns.guestNamespace(), Optional.empty())));

            assertTrue(e.getMessage().contains("'eth0' already exists in network namespace"), e.getMessage());
            assertEquals(List.of(), vethsIn(ns.hostDevices));
        }
    }

    @ParameterizedTest
    @EnumSource(Implementation.class)
    void runningOutOfGeneratedNamesIsAClearError(Implementation implementation) {
        try (TwoNamespaces ns = TwoNamespaces.open(implementation)) {
            // Peer names taken in the guest's namespace, which VethPairs cannot list to skip
            // past: every attempt collides, and the error must say so.
            for (int i = 0; i < 10; i++) {
                ns.guestDevices.createBridge("vpeer" + i);
            }
            VethPairs pairs = new VethPairs(ns.hostDevices, new DeviceNames(), 3);

            VirtException e = assertThrows(VirtException.class, () -> pairs.create(
                    VethRequest.generated(ns.guestNamespace(), MacAddress.randomLibvirt())));

            assertTrue(e.getMessage().contains("3 generated names were all taken"), e.getMessage());
            assertEquals(List.of(), vethsIn(ns.hostDevices));
            assertEquals(List.of(), vethsIn(ns.guestDevices));
        }
    }

    static List<Arguments> burstsOfEveryImplementation() {
        List<Arguments> cases = new ArrayList<>();
        for (Implementation implementation : Implementation.values()) {
            for (int guests : new int[] {12, 50, 100}) {
                cases.add(Arguments.of(implementation, guests));
            }
        }
        return cases;
    }

    @ParameterizedTest
    @MethodSource("burstsOfEveryImplementation")
    void concurrentPlugsAllLandOnTheBridge(Implementation implementation, int guests) throws Exception {
        try (TwoNamespaces ns = TwoNamespaces.open(implementation)) {
            ns.hostDevices.createBridge(BRIDGE);
            VethPairs pairs = new VethPairs(ns.hostDevices, new DeviceNames(), VethPairs.DEFAULT_ATTEMPTS);
            List<MacAddress> macs = new ArrayList<>();
            for (int i = 0; i < guests; i++) {
                macs.add(new MacAddress(new byte[] {0x52, 0x54, 0, 0x10, (byte) (i >> 8), (byte) i}));
            }

            List<VethPair> plugged = runAtOnce(guests, i -> () -> pairs.plug(
                    VethRequest.generated(ns.guestNamespace(), macs.get(i)), BRIDGE));

            Map<String, LinkInfo> host = byName(ns.hostDevices.list());
            Map<String, LinkInfo> guest = byName(ns.guestDevices.list());
            assertEquals(guests, plugged.stream().map(VethPair::host).distinct().count());
            for (int i = 0; i < guests; i++) {
                VethPair pair = plugged.get(i);
                LinkInfo hostEnd = host.get(pair.host());
                assertEquals(Optional.of(BRIDGE), hostEnd.master(), pair + " is not a port of the bridge");
                assertTrue(hostEnd.up(), pair + " is down");
                assertEquals(Optional.of(macs.get(i).hostSide()), hostEnd.mac());
                assertEquals(Optional.of(macs.get(i)), guest.get(pair.peer()).mac());
            }
            deleteAll(pairs, plugged);
        }
    }

    /**
     * A port only carries its guest's frames: it gets no IPv6 address of its own (and so no
     * routes, address detection or listener reports) when the guest's end comes up, while the
     * guest's end gets its link-local address as before. A pair made without a bridge keeps the
     * kernel's default.
     */
    @ParameterizedTest
    @EnumSource(Implementation.class)
    void aPortGetsNoIpv6OfItsOwnWhenItsGuestComesUp(Implementation implementation) throws Exception {
        try (TwoNamespaces ns = TwoNamespaces.open(implementation)) {
            ns.hostDevices.createBridge(BRIDGE);
            ns.hostDevices.setUp(BRIDGE, true);
            VethPairs pairs = new VethPairs(ns.hostDevices, new DeviceNames(), VethPairs.DEFAULT_ATTEMPTS);
            VethPair port = pairs.plug(VethRequest.generated(ns.guestNamespace(), MacAddress.randomLibvirt()), BRIDGE);
            VethPair loose = pairs.create(VethRequest.generated(ns.guestNamespace(), MacAddress.randomLibvirt()),
                    new HostEnd(Optional.empty(), Optional.empty(), true));

            ns.guestDevices.setUp(port.peer(), true);
            ns.guestDevices.setUp(loose.peer(), true);
            waitFor(() -> linkLocal(ns.guestDevices, port.peer()) && linkLocal(ns.guestDevices, loose.peer())
                    && linkLocal(ns.hostDevices, loose.host()));

            assertEquals(List.of(), ns.hostDevices.addresses(port.host()), "the port has no address of its own");
            assertEquals("1", ns.hostNamespace().call(() -> java.nio.file.Files.readString(java.nio.file.Path.of(
                    "/proc/sys/net/ipv6/conf", port.host(), "disable_ipv6"))).strip());
            pairs.deleteAll(List.of(port, loose));
        }
    }

    private static boolean linkLocal(NetDevices devices, String name) {
        return devices.addresses(name).stream().anyMatch(a -> a.address().isLinkLocalAddress());
    }

    private static List<VethPair> allocate(VethPairs pairs, NetNamespace peers, int threads, int each)
            throws Exception {
        List<List<VethPair>> perThread = runAtOnce(threads, t -> () -> {
            List<VethPair> mine = new ArrayList<>();
            for (int i = 0; i < each; i++) {
                mine.add(pairs.create(VethRequest.generated(peers, MacAddress.randomLibvirt())));
            }
            return mine;
        });
        return perThread.stream().flatMap(List::stream).toList();
    }

    /** Runs {@code count} tasks released together; any failure fails the test (0 failures). */
    private static <T> List<T> runAtOnce(int count, Function<Integer, Callable<T>> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Callable<T> work = task.apply(i);
                futures.add(pool.submit(() -> {
                    start.await();
                    return work.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(120, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void deleteAll(VethPairs pairs, List<VethPair> made) throws Exception {
        runAtOnce(8, t -> () -> {
            for (int i = t; i < made.size(); i += 8) {
                pairs.delete(made.get(i));
            }
            return null;
        });
    }

    private static void assertAllDistinctAndPresent(List<VethPair> made, TwoNamespaces ns) {
        Set<String> hosts = new HashSet<>();
        Set<String> peers = new HashSet<>();
        made.forEach(p -> {
            hosts.add(p.host());
            peers.add(p.peer());
        });
        assertEquals(made.size(), hosts.size(), "duplicate host names");
        assertEquals(made.size(), peers.size(), "duplicate peer names");
        Set<String> hostVeths = vethsIn(ns.hostDevices).stream().map(LinkInfo::name).collect(Collectors.toSet());
        Set<String> guestVeths = vethsIn(ns.guestDevices).stream().map(LinkInfo::name).collect(Collectors.toSet());
        // The host namespace may also hold a competitor's pairs; ours must all be there.
        assertTrue(hostVeths.containsAll(hosts), "host ends missing from the namespace");
        assertEquals(peers, guestVeths);
    }

    /**
     * Ends the competitor before the census, so it makes no more of the names we just deleted
     * while the census looks.
     */
    private static void stop(Process competitor) throws InterruptedException {
        competitor.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    /** None of our pairs is left on either side; a competitor's may stay. */
    private static void assertNoneLeft(List<VethPair> made, TwoNamespaces ns) {
        Set<String> ours = made.stream().map(VethPair::host).collect(Collectors.toSet());
        List<String> named = vethsIn(ns.hostDevices).stream().map(LinkInfo::name).filter(ours::contains).toList();
        // A name of ours that the competitor made again between our delete and its end has the
        // competitor's peer, rivalN, beside it (seen in CI): that pair is the competitor's. Listed
        // after the names, so a pair made in between shows both ends or neither.
        Set<String> hostNames = ns.hostDevices.list().stream().map(LinkInfo::name).collect(Collectors.toSet());
        assertEquals(List.of(), named.stream()
                        .filter(name -> !hostNames.contains("rival" + name.substring("vnet".length()))).toList(),
                "host ends left behind");
        assertEquals(List.of(), vethsIn(ns.guestDevices), "peers left behind");
    }

    private static List<LinkInfo> vethsIn(NetDevices devices) {
        return devices.list().stream().filter(l -> l.kind().equals("veth")).toList();
    }

    private static Map<String, LinkInfo> byName(List<LinkInfo> links) {
        return links.stream().collect(Collectors.toMap(LinkInfo::name, Function.identity()));
    }

    /**
     * Another process creating veth pairs {@code vnet0, vnet1...} as fast as it can, the way a
     * second virtualization tool on the host would:
     * one {@code ip -batch} fed from a pipe, going on past errors ({@code -force}).
     */
    private static Process startVnetCreator(NetNamespace namespace, int count) throws IOException {
        Process process = new ProcessBuilder(IpCommand.locate().binary().toString(), "-n", namespace.name(),
                "-force", "-batch", "-").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        Thread feeder = new Thread(() -> {
            try (OutputStream in = process.getOutputStream()) {
                for (int i = 0; i < count; i++) {
                    String line = "link add vnet" + i + " type veth peer name rival" + i + "\n";
                    in.write(line.getBytes(StandardCharsets.US_ASCII));
                }
            } catch (IOException e) {
                // The test ended and killed the competitor: nothing left to feed.
            }
        }, "vnet-competitor-feeder");
        feeder.setDaemon(true);
        feeder.start();
        return process;
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met in 20 s");
            }
            Thread.sleep(2);
        }
    }
}
