package org.virtfx.drivers.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.EnumSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.virtfx.core.domain.DeviceScope;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.plumbing.netdev.RootTests;

/**
 * A mediated host device (Add Hardware's MDEV Host Device, libvirt's
 * hostdev-mdev-precreated.xml) on VirtFX's QEMU driver, which does not pass host devices
 * through: refused in libvirt's "unsupported configuration" words, with nothing left defined.
 */
@Timeout(120)
class MediatedHostdevTest {
    private static final String MDEV = "<hostdev mode='subsystem' type='mdev' model='vfio-pci'><source>"
            + "<address uuid='53764d0e-85a0-42b4-af5c-2046b460b1dc'/></source></hostdev>";
    private static final String REFUSED = "unsupported configuration: <hostdev> in <devices> is not supported by this driver";

    @BeforeEach
    void root() {
        RootTests.requireRoot();
    }

    @Test
    void aDomainWithAMediatedDeviceIsRefusedAndNothingIsDefined() {
        try (QemuTestHost host = QemuTestHost.open()) {
            VirtException e = assertThrows(VirtException.class, () -> host.define("mdev", MDEV));
            assertEquals(ErrorCode.CONFIG_UNSUPPORTED, e.code());
            assertEquals(REFUSED, e.getMessage());
            assertEquals(0, host.connection.domains().list().size());
        }
    }

    @Test
    void aRunningGuestTakesItNeitherLiveNorForItsNextStart() {
        try (QemuTestHost host = QemuTestHost.open()) {
            UUID uuid = host.define("plain", "").uuid();
            host.connection.domains().start(uuid);
            VirtException live = assertThrows(VirtException.class,
                    () -> host.connection.domains().attachDevice(uuid, MDEV, EnumSet.of(DeviceScope.LIVE)));
            assertEquals(ErrorCode.OPERATION_UNSUPPORTED, live.code());
            assertEquals("Operation not supported: live attach of device 'hostdev' is not supported", live.getMessage());
            VirtException config = assertThrows(VirtException.class,
                    () -> host.connection.domains().attachDevice(uuid, MDEV, EnumSet.of(DeviceScope.CONFIG)));
            assertEquals(ErrorCode.CONFIG_UNSUPPORTED, config.code());
            assertEquals(REFUSED, config.getMessage());
            assertFalse(host.connection.domains().xml(uuid, true).contains("hostdev"));
            assertFalse(host.connection.domains().xml(uuid, false).contains("hostdev"));
        }
    }
}
