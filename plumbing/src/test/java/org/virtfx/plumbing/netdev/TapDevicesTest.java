package org.virtfx.plumbing.netdev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.net.MacAddress;

/**
 * A tap cannot be born plugged (the tun driver makes it through an ioctl, not rtnetlink), so
 * plugging one takes two requests and the undo is ours: a failure at any step must leave no
 * tap behind.
 */
class TapDevicesTest {
    private static final String BRIDGE = "vfxbr0";

    static List<Arguments> everyStepOfEveryImplementation() {
        List<Arguments> cases = new ArrayList<>();
        for (Implementation implementation : Implementation.values()) {
            for (FailingDevices.Step step : FailingDevices.Step.values()) {
                if (step != FailingDevices.Step.NONE) {
                    cases.add(Arguments.of(implementation, step));
                }
            }
        }
        return cases;
    }

    @ParameterizedTest
    @MethodSource("everyStepOfEveryImplementation")
    void aFailureAtAnyStepLeavesNoTapBehind(Implementation implementation, FailingDevices.Step step) {
        try (TwoNamespaces ns = TwoNamespaces.open(implementation)) {
            ns.hostDevices.createBridge(BRIDGE);
            TapDevices taps = new TapDevices(new FailingDevices(ns.hostDevices, step), new DeviceNames(), 4);

            VirtException e = assertThrows(VirtException.class,
                    () -> taps.plug(Optional.empty(), MacAddress.randomLibvirt(), BRIDGE));

            assertTrue(e.getMessage().contains("injected failure at " + step), e.getMessage());
            assertEquals(List.of(), ns.hostDevices.list().stream().filter(l -> l.kind().equals("tun"))
                    .map(LinkInfo::name).toList(), "taps left behind");
        }
    }

    /** VMs and containers starting together: their set-up requests share batches and names. */
    @ParameterizedTest
    @EnumSource(Implementation.class)
    void tapsAndVethsPluggedAtOnceAllLandOnTheBridgeUpWithTheirAddresses(Implementation implementation)
            throws Exception {
        try (TwoNamespaces ns = TwoNamespaces.open(implementation)) {
            ns.hostDevices.createBridge(BRIDGE);
            DeviceNames names = new DeviceNames();
            TapDevices taps = new TapDevices(ns.hostDevices, names, VethPairs.DEFAULT_ATTEMPTS);
            VethPairs veths = new VethPairs(ns.hostDevices, names, VethPairs.DEFAULT_ATTEMPTS);
            int guests = 40;
            List<MacAddress> macs = new ArrayList<>();
            for (int i = 0; i < guests; i++) {
                macs.add(new MacAddress(new byte[] {0x52, 0x54, 0, 0x30, 0, (byte) i}));
            }
            ExecutorService pool = Executors.newFixedThreadPool(guests);
            List<String> hostEnds = new ArrayList<>();
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<String>> plugged = new ArrayList<>();
                for (int i = 0; i < guests; i++) {
                    MacAddress mac = macs.get(i);
                    boolean tap = i % 2 == 0;
                    plugged.add(pool.submit(() -> {
                        go.await();
                        return tap ? taps.plug(Optional.empty(), mac, BRIDGE)
                                : veths.plug(VethRequest.generated(ns.guestNamespace(), mac), BRIDGE).host();
                    }));
                }
                go.countDown();
                for (Future<String> future : plugged) {
                    hostEnds.add(future.get(60, TimeUnit.SECONDS));
                }
            } finally {
                pool.shutdownNow();
            }

            assertEquals(guests, hostEnds.stream().distinct().count(), "names handed out twice: " + hostEnds);
            for (int i = 0; i < guests; i++) {
                LinkInfo link = ns.hostDevices.find(hostEnds.get(i)).orElseThrow();
                assertEquals(i % 2 == 0 ? "tun" : "veth", link.kind());
                assertEquals(Optional.of(BRIDGE), link.master(), link.name() + " is not on the bridge");
                assertTrue(link.up(), link.name() + " is down");
                assertEquals(Optional.of(macs.get(i).hostSide()), link.mac());
            }
            ns.hostDevices.deleteAll(hostEnds);
            assertEquals(List.of(), ns.hostDevices.list().stream()
                    .filter(l -> l.kind().equals("tun") || l.kind().equals("veth")).toList(), "devices left behind");
        }
    }

    /**
     * A write-ahead record names a tap before it exists: the tap is told the name first, has its
     * address from its first moment, and a clean-up by name and address removes it while a
     * device of that name with another address (another process's, made later) stays.
     */
    @ParameterizedTest
    @EnumSource(Implementation.class)
    void aTapIsNamedBeforeItIsMadeAndRemovedByNameOnlyWhileItCarriesItsGuestsAddress(Implementation implementation) {
        try (TwoNamespaces ns = TwoNamespaces.open(implementation)) {
            ns.hostDevices.createBridge(BRIDGE);
            TapDevices taps = new TapDevices(ns.hostDevices, new DeviceNames(), 4);
            MacAddress guest = MacAddress.parse("52:54:00:aa:00:01");
            List<String> told = new ArrayList<>();

            String tap = taps.plug(Optional.empty(), guest, BRIDGE, name -> {
                told.add(name);
                assertTrue(ns.hostDevices.find(name).isEmpty(), name + " existed before it was told");
            });

            assertEquals(List.of(tap), told);
            taps.deleteIfPlugged(tap, MacAddress.parse("52:54:00:aa:00:02"));
            assertTrue(ns.hostDevices.find(tap).isPresent(), "another guest's address: not ours to remove");
            taps.deleteIfPlugged(tap, guest);
            assertTrue(ns.hostDevices.find(tap).isEmpty(), "ours, by name and address: removed");
            taps.deleteIfPlugged(tap, guest);

            assertTrue(ns.hostDevices.createTap("vnet77", guest.hostSide()));
            assertEquals(Optional.of(guest.hostSide()), ns.hostDevices.find("vnet77").orElseThrow().mac());
            assertFalse(ns.hostDevices.createTap("vnet77", guest.hostSide()), "the name is taken");
            ns.hostDevices.delete("vnet77");
        }
    }
}
