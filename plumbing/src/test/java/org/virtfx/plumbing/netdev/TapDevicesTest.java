package org.virtfx.plumbing.netdev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.net.MacAddress;

/**
 * A tap cannot be born plugged (the tun driver makes it through an ioctl, not rtnetlink), so
 * plugging one takes four requests and the undo is ours: a failure at any of them must leave
 * no tap behind.
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
}
