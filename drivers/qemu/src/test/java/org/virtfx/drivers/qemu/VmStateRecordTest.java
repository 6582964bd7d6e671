package org.virtfx.drivers.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.virtfx.core.domain.DomainState;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.net.MacAddress;
import org.virtfx.plumbing.netdev.RootTests;
import org.virtfx.plumbing.process.ProcessTable;

/**
 * The write-ahead records a new state reads at open ({@link VmAdoption}): one that cannot be
 * read is named in a warning and the rest loads; one whose QEMU is gone is undone without
 * touching what is no longer its own.
 */
class VmStateRecordTest {

    @BeforeEach
    void root() {
        RootTests.requireRoot();
    }

    @Test
    void aRecordThatCannotBeReadIsNamedInAWarningAndTheRestLoads() throws Exception {
        try (QemuTestHost host = QemuTestHost.open()) {
            UUID uuid = host.define("intact", "").uuid();
            Path bad = host.directory.resolve("run/broken.state");
            Files.writeString(bad, "uuid=not-a-uuid\nphase=running\n");
            try (QemuConnection again = new QemuConnection(host.connection.uri(),
                    QemuTestHost.config(host.directory, host.namespace), StartProbe.NONE)) {
                List<String> warnings = again.loadWarnings();
                assertEquals(1, warnings.size(), warnings.toString());
                assertTrue(warnings.get(0).contains(bad.toString()) && warnings.get(0).contains("malformed VM state file"),
                        warnings.get(0));
                assertEquals(DomainState.SHUTOFF, again.domains().byUuid(uuid).orElseThrow().state());
            }
        }
    }

    /**
     * Two processes with the host open: the second opened before the first started the VM. Its
     * start, under the domain's lock, finds the first one's record, adopts the VM as a guest
     * and refuses to start it again, rather than run a second QEMU on the same disks; its list
     * shows the VM running.
     */
    @Test
    void aStartOverAnotherProcesssRunningVmAdoptsItInstead() throws Exception {
        try (QemuTestHost host = QemuTestHost.open()) {
            UUID uuid = host.define("shared", "").uuid();
            try (QemuConnection other = new QemuConnection(host.connection.uri(),
                    QemuTestHost.config(host.directory, host.namespace), StartProbe.NONE)) {
                host.connection.domains().start(uuid);
                long qemus = ProcessTable.naming(host.directory.toString()).size();
                VirtException refused = assertThrows(VirtException.class, () -> other.domains().start(uuid));
                assertEquals("Requested operation is not valid: domain is already running", refused.getMessage());
                assertEquals(qemus, ProcessTable.naming(host.directory.toString()).size(), "no second QEMU");
                assertEquals(DomainState.RUNNING, other.domains().byUuid(uuid).orElseThrow().state());
                assertEquals(host.connection.qemuDomains().pid(uuid), other.qemuDomains().pid(uuid));
            }
            host.connection.domains().destroy(uuid);
        }
    }

    /**
     * A record of a running VM whose pid now belongs to another process (this test's JVM) and
     * whose tap name another guest's device took: the VM is shut off, its files go, and neither
     * the process nor the other device is touched.
     */
    @Test
    void aRecordWhoseQemuIsGoneIsUndoneAndLeavesOthersProcessesAndDevicesAlone() throws Exception {
        try (QemuTestHost host = QemuTestHost.open()) {
            UUID uuid = host.define("gone", QemuTestHost.nic()).uuid();
            QemuDriverConfig config = QemuTestHost.config(host.directory, host.namespace);
            Path directory = config.stateDirectory().resolve(uuid.toString());
            Files.createDirectories(directory);
            Files.writeString(directory.resolve("qemu.pid"), Long.toString(ProcessHandle.current().pid()));
            Files.writeString(VmStop.liveXml(config, "gone"), host.connection.domains().xml(uuid, true));
            MacAddress ours = MacAddress.parse("52:54:00:00:be:01");
            MacAddress others = MacAddress.parse("52:54:00:00:be:02");
            VmStateFile.starting(uuid, 1).withTap("vnet90", ours).withTap("vnet91", ours)
                    .running(List.of("vnet90", "vnet91"), ProcessHandle.current().pid()).write(config, "gone");
            assertTrue(host.devices.createTap("vnet90", others.hostSide()));
            assertTrue(host.devices.createTap("vnet91", ours.hostSide()));

            try (QemuConnection again = new QemuConnection(host.connection.uri(), config, StartProbe.NONE)) {
                assertEquals(List.of(), again.loadWarnings());
                assertEquals(DomainState.SHUTOFF, again.domains().byUuid(uuid).orElseThrow().state());
            }
            assertTrue(host.devices.find("vnet90").isPresent(), "another guest's tap under the recorded name stays");
            assertTrue(host.devices.find("vnet91").isEmpty(), "the VM's own tap is removed");
            assertFalse(Files.exists(directory));
            assertFalse(Files.exists(VmStop.liveXml(config, "gone")));
            assertFalse(Files.exists(VmStateFile.path(config, "gone")));
            host.devices.delete("vnet90");
        }
    }
}
