package org.virtfx.drivers.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.plumbing.netdev.RootTests;

/** A failure at each start step, and the real failures a start meets: one clear error each, nothing left. */
@Timeout(120)
class StartFailureTest {

    @BeforeEach
    void root() {
        RootTests.requireRoot();
    }

    private static void assertStartFailsCleanly(QemuTestHost host, UUID uuid, String message) throws IOException {
        VirtException e = assertThrows(VirtException.class, () -> host.connection.domains().start(uuid));
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertFalse(host.connection.domains().byUuid(uuid).orElseThrow().isActive());
        assertTrue(ProcessHandle.current().children().noneMatch(p -> p.info().command().orElse("")
                .contains("qemu-system")), "a QEMU outlived its failed start");
        VmLifecycleTest.assertNothingLeft(host, uuid, -1);
    }

    @ParameterizedTest
    @EnumSource(StartStep.class)
    void aFailureAtEachStepLeavesNoProcessTapSocketOrFile(StartStep failing) throws IOException {
        StartProbe probe = step -> {
            if (step == failing) {
                throw VirtException.of(ErrorCode.OPERATION_FAILED, "injected failure at " + step);
            }
        };
        try (QemuTestHost host = QemuTestHost.open(probe)) {
            UUID uuid = host.define("f-" + failing, QemuTestHost.nic()).uuid();
            assertStartFailsCleanly(host, uuid, "operation failed: injected failure at " + failing);
        }
    }

    @Test
    void aMissingBinaryIsOneClearError() throws IOException {
        try (QemuTestHost host = QemuTestHost.open()) {
            UUID uuid = host.connection.domains().define(QemuTestHost.guestXml("nobin", QemuTestHost.nic())
                    .replace("<emulator>" + QemuTestHost.QEMU, "<emulator>/nonexistent/qemu-system-x86_64")).uuid();
            assertStartFailsCleanly(host, uuid,
                    "internal error: Cannot find QEMU binary /nonexistent/qemu-system-x86_64: No such file or directory");
        }
    }

    @Test
    void qemuDyingAtStartNamesItsReason() throws IOException {
        try (QemuTestHost host = QemuTestHost.open()) {
            Path missing = host.directory.resolve("no-such-disk.qcow2");
            UUID uuid = host.define("dies", QemuTestHost.nic() + "<disk type='file' device='disk'><driver name='qemu'"
                    + " type='qcow2'/><source file='" + missing + "'/><target dev='vda' bus='virtio'/></disk>").uuid();
            assertStartFailsCleanly(host, uuid, "internal error: process exited while connecting to monitor: ");
        }
    }

    /** QEMU locks its images (OFD locks): a second VM on the same disk dies at start and says why. */
    @Test
    void aDiskInUseByAnotherRunningVmIsOneClearError() throws IOException {
        try (QemuTestHost host = QemuTestHost.open()) {
            Path disk = host.directory.resolve("shared.img");
            try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(disk.toFile(), "rw")) {
                file.setLength(16 << 20);
            }
            String devices = "<disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='" + disk
                    + "'/><target dev='vda' bus='virtio'/></disk>";
            UUID first = host.define("owner", devices).uuid();
            host.connection.domains().start(first);
            UUID second = host.define("intruder", devices + QemuTestHost.nic()).uuid();
            VirtException e = assertThrows(VirtException.class, () -> host.connection.domains().start(second));
            assertTrue(e.getMessage().contains("Failed to get \"write\" lock"), e.getMessage());
            assertFalse(host.connection.domains().byUuid(second).orElseThrow().isActive());
            assertEquals(java.util.List.of(), host.taps(), "the intruder's tap is gone");
            host.connection.domains().destroy(first);
        }
    }

    @Test
    void aTapTheKernelRefusesIsOneClearError() throws IOException {
        try (QemuTestHost host = QemuTestHost.open()) {
            UUID uuid = host.define("nobridge", "<interface type='bridge'><source bridge='vfxnosuchbr'/></interface>")
                    .uuid();
            assertStartFailsCleanly(host, uuid, "vfxnosuchbr");
        }
    }
}
