package org.virtfx.drivers.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.virtfx.core.domain.DomainFamily;
import org.virtfx.core.domain.DomainSnapshot;
import org.virtfx.core.domain.DomainState;
import org.virtfx.core.domain.SnapshotState;
import org.virtfx.core.domain.StateReason;
import org.virtfx.core.error.VirtException;
import org.virtfx.drivers.qemu.VmLifecycleTest.ConsoleReader;
import org.virtfx.drivers.qemu.qmp.QmpClient;
import org.virtfx.plumbing.netdev.RootTests;
import org.virtfx.plumbing.process.HostProcess;
import org.virtfx.plumbing.storage.QemuImg;

/** Internal snapshots of a qcow2 disk on real QEMU: the guest's shell and disk come back as they were. */
@Timeout(240)
class VmSnapshotTest {

    @BeforeEach
    void root() {
        RootTests.requireRoot();
    }

    private static Path qcow2(QemuTestHost host) {
        Path image = host.directory.resolve("disk.qcow2");
        HostProcess.Result made = HostProcess.run(List.of("qemu-img", "create", "-f", "qcow2", image.toString(), "64M"),
                null);
        assertTrue(made.ok(), made.stderr());
        return image;
    }

    private static String snapshotsInImage(Path image) {
        HostProcess.Result listed = HostProcess.run(List.of("qemu-img", "snapshot", "-U", "-l", image.toString()), null);
        assertTrue(listed.ok(), listed.stderr());
        return listed.stdout();
    }

    /** Runs a shell command line in the guest and waits for the marker that follows it. */
    private static void run(ConsoleReader console, String command, int n) throws Exception {
        console.type(command + "; echo do$((" + n + "))ne");
        console.await("do" + n + "ne");
    }

    /** A VM booted from {@code image}, with {@code STATE} set in its shell. */
    private static UUID runningWithState(QemuTestHost host, String name, Path image, String state) throws Exception {
        DomainFamily domains = host.connection.domains();
        UUID uuid = host.define(name, QemuStoragePoolTest.disk(image.toString(), "qcow2")).uuid();
        domains.start(uuid);
        try (ConsoleReader console = new ConsoleReader(domains.openConsole(uuid))) {
            console.await("# ");
            run(console, "STATE=" + state, 1);
        }
        return uuid;
    }

    private static void awaitShell(DomainFamily domains, UUID uuid, String command, String answer) throws Exception {
        try (ConsoleReader console = new ConsoleReader(domains.openConsole(uuid))) {
            console.type(command);
            console.await(answer);
        }
    }

    @Test
    void aRunningSnapshotBringsBackTheGuestsShellLiveAndFromShutOff() throws Exception {
        try (QemuTestHost host = QemuTestHost.open()) {
            DomainFamily domains = host.connection.domains();
            Path image = qcow2(host);
            UUID uuid = runningWithState(host, "snap", image, "first");
            DomainSnapshot one = domains.createSnapshot(uuid,
                    "<domainsnapshot><name>one</name><description>shell says first</description></domainsnapshot>");
            assertEquals(SnapshotState.RUNNING, one.state());
            assertTrue(one.current());
            assertEquals(DomainState.RUNNING, host.connection.domains().byUuid(uuid).orElseThrow().state());
            assertTrue(snapshotsInImage(image).contains("one"), snapshotsInImage(image));
            String xml = domains.snapshotXml(uuid, "one");
            assertTrue(xml.contains("<state>running</state>") && xml.contains("<memory snapshot='internal'/>")
                    && xml.contains("<disk name='vda' snapshot='internal'/>"), xml);

            try (ConsoleReader console = new ConsoleReader(domains.openConsole(uuid))) {
                run(console, "STATE=second", 2);
            }
            domains.revertToSnapshot(uuid, "one");
            assertEquals(DomainState.RUNNING, host.connection.domains().byUuid(uuid).orElseThrow().state());
            awaitShell(domains, uuid, "echo $STATE-$((1+2))", "first-3");

            DomainSnapshot two = domains.createSnapshot(uuid, "<domainsnapshot><name>two</name></domainsnapshot>");
            assertEquals(List.of("one", "two"), domains.snapshots(uuid).stream().map(DomainSnapshot::name).sorted().toList());
            String twoXml = domains.snapshotXml(uuid, "two");
            assertTrue(twoXml.matches("(?s).*<parent>\\s*<name>one</name>\\s*</parent>.*"), twoXml);
            assertTrue(two.current() && !domains.snapshot(uuid, "one").current());
            domains.deleteSnapshot(uuid, "two");
            assertFalse(snapshotsInImage(image).contains("two"), "deleted by the running QEMU: " + snapshotsInImage(image));
            assertTrue(domains.snapshot(uuid, "one").current(), "the parent of a deleted current snapshot is current");

            domains.destroy(uuid);
            domains.revertToSnapshot(uuid, "one");
            assertEquals(StateReason.FROM_SNAPSHOT, host.connection.domains().byUuid(uuid).orElseThrow().reason());
            awaitShell(domains, uuid, "echo $STATE-$((2+2))", "first-4");
            domains.destroy(uuid);

            // Only once the VM is off: QEMU's monitor takes one client, and a new state would adopt the VM.
            try (QemuConnection again = new QemuConnection(host.connection.uri(),
                    QemuTestHost.config(host.directory, host.namespace), StartProbe.NONE)) {
                List<DomainSnapshot> kept = again.domains().snapshots(uuid);
                assertEquals(List.of("one"), kept.stream().map(DomainSnapshot::name).toList());
                assertTrue(kept.get(0).current(), "a new state knows the current snapshot");
                assertEquals("shell says first", kept.get(0).description());
            }

            domains.deleteSnapshot(uuid, "one");
            assertEquals(List.of(), domains.snapshots(uuid));
            assertFalse(snapshotsInImage(image).contains("one"), snapshotsInImage(image));
            assertFalse(Files.exists(host.directory.resolve("lib/snapshot/snap")), "no metadata left");
        }
    }

    /**
     * The moments the random kills hit least often, made exact: a process killed after
     * {@code qemu-img snapshot -c} but before it wrote the metadata (twice, as the driver once
     * left it), and one killed while a running QEMU's {@code snapshot-save} job ran. Taking the
     * name again leaves the image one snapshot of that name, the new one, and QEMU no old job.
     */
    @Test
    void tagsAndJobsOfAKilledSnapshotGiveWayWhenTheNameIsTakenAgain() throws Exception {
        try (QemuTestHost host = QemuTestHost.open()) {
            DomainFamily domains = host.connection.domains();
            Path image = qcow2(host);
            QemuImg qemuImg = new QemuImg("qemu-img");
            UUID uuid = domains.define(IdleGuest.xml(IdleGuest.write(host.directory), "left",
                    QemuStoragePoolTest.disk(image.toString(), "qcow2"))).uuid();
            qemuImg.snapshot(image, "-c", "again");
            qemuImg.snapshot(image, "-c", "again");
            domains.createSnapshot(uuid, "<domainsnapshot><name>again</name></domainsnapshot>");
            assertEquals(List.of("again"), qemuImg.snapshotTags(image));

            domains.start(uuid);
            QemuRuntime runtime = QemuDomains.requireRunning(host.connection.qemuDomains().objects().require(uuid));
            String node = runtime.process().execute("query-block", Duration.ofSeconds(10)).get(0)
                    .path("inserted").path("node-name").asText();
            ObjectNode job = QmpClient.arguments().put("job-id", "virtfx-snapshot-save-killed").put("tag", "live")
                    .put("vmstate", node);
            job.putArray("devices").add(node);
            runtime.process().execute("snapshot-save", job, Duration.ofSeconds(10));
            domains.createSnapshot(uuid, "<domainsnapshot><name>live</name></domainsnapshot>");
            assertEquals(0, runtime.process().execute("query-jobs", Duration.ofSeconds(10)).size(),
                    "the killed process's job was dismissed");
            domains.destroy(uuid);
            assertEquals(List.of("again", "live"), qemuImg.snapshotTags(image));
            domains.revertToSnapshot(uuid, "live");
            assertTrue(domains.byUuid(uuid).orElseThrow().isActive(), "the new snapshot reverts");
            domains.destroy(uuid);
        }
    }

    @Test
    void aShutOffSnapshotBringsBackTheDisksContents() throws Exception {
        try (QemuTestHost host = QemuTestHost.open()) {
            DomainFamily domains = host.connection.domains();
            Path image = qcow2(host);
            UUID uuid = host.define("disk", QemuStoragePoolTest.disk(image.toString(), "qcow2")).uuid();
            domains.start(uuid);
            try (ConsoleReader console = new ConsoleReader(domains.openConsole(uuid))) {
                console.await("# ");
                run(console, "printf before | dd of=/dev/vda conv=fsync 2>/dev/null", 1);
            }
            domains.destroy(uuid);
            DomainSnapshot clean = domains.createSnapshot(uuid, "<domainsnapshot><name>clean</name></domainsnapshot>");
            assertEquals(SnapshotState.SHUTOFF, clean.state());
            assertTrue(domains.snapshotXml(uuid, "clean").contains("<memory snapshot='no'/>"));

            domains.start(uuid);
            try (ConsoleReader console = new ConsoleReader(domains.openConsole(uuid))) {
                console.await("# ");
                run(console, "printf after_ | dd of=/dev/vda conv=fsync 2>/dev/null", 2);
            }
            domains.destroy(uuid);
            domains.revertToSnapshot(uuid, "clean");
            assertFalse(host.connection.domains().byUuid(uuid).orElseThrow().isActive());
            domains.start(uuid);
            try (ConsoleReader console = new ConsoleReader(domains.openConsole(uuid))) {
                console.await("# ");
                console.type("echo got-$(dd if=/dev/vda bs=6 count=1 2>/dev/null)-end");
                console.await("got-before-end");
            }
            domains.revertToSnapshot(uuid, "clean");
            assertFalse(host.connection.domains().byUuid(uuid).orElseThrow().isActive(), "an offline snapshot stops the VM");
            assertEquals(StateReason.FROM_SNAPSHOT, host.connection.domains().byUuid(uuid).orElseThrow().reason());
            assertTrue(VmLifecycleTest.events(host, uuid).contains("STOPPED:from snapshot"),
                    VmLifecycleTest.events(host, uuid).toString());
            VirtException kept = assertThrows(VirtException.class, () -> domains.undefine(uuid));
            assertEquals("Requested operation is not valid: cannot delete inactive domain with 1 snapshots",
                    kept.getMessage());
            domains.deleteSnapshot(uuid, "clean");
            domains.undefine(uuid);
        }
    }

    @Test
    void aRedefinitionNeedsTheSnapshotInTheImagesAndCanMakeItCurrent() throws Exception {
        try (QemuTestHost host = QemuTestHost.open()) {
            DomainFamily domains = host.connection.domains();
            Path image = qcow2(host);
            UUID uuid = host.define("redef", QemuStoragePoolTest.disk(image.toString(), "qcow2")).uuid();
            domains.createSnapshot(uuid, "<domainsnapshot><name>a</name></domainsnapshot>");
            domains.createSnapshot(uuid, "<domainsnapshot><name>b</name></domainsnapshot>");

            // snapshot-create --redefine --current: new metadata, made current.
            String described = domains.snapshotXml(uuid, "a").replace("<name>a</name>",
                    "<name>a</name>\n  <description>edited</description>");
            DomainSnapshot a = domains.redefineSnapshot(uuid, described, true);
            assertTrue(a.current());
            assertEquals("edited", a.description());
            assertFalse(domains.snapshot(uuid, "b").current());

            // A snapshot taken outside VirtFX (qemu-img) is adopted from its XML, and reverts.
            assertTrue(HostProcess.run(List.of("qemu-img", "snapshot", "-c", "imported", image.toString()), null).ok());
            String imported = domains.snapshotXml(uuid, "b").replace("<name>b</name>", "<name>imported</name>");
            assertFalse(domains.redefineSnapshot(uuid, imported).current(), "without --current the current one stays");
            assertEquals("a", domains.currentSnapshot(uuid).orElseThrow().name());
            domains.revertToSnapshot(uuid, "imported");

            // Metadata whose snapshot no image holds is refused, and nothing is recorded.
            String ghost = imported.replace("<name>imported</name>", "<name>ghost</name>");
            VirtException refused = assertThrows(VirtException.class, () -> domains.redefineSnapshot(uuid, ghost));
            assertEquals("Requested operation is not valid: Snapshot 'ghost' does not exist in disk vda (" + image + ")",
                    refused.getMessage());
            assertEquals(List.of("a", "b", "imported"), domains.snapshots(uuid).stream().map(DomainSnapshot::name)
                    .sorted().toList());
            VirtException foreign = assertThrows(VirtException.class, () -> domains.redefineSnapshot(uuid,
                    imported.replace(uuid.toString(), "00000000-0000-4000-8000-000000000001")));
            assertEquals("invalid argument: definition for snapshot imported must use uuid " + uuid,
                    foreign.getMessage());

            // The metadata is kept: the driver's next state reads it back, the reverted-to one current.
            try (QemuConnection again = new QemuConnection(host.connection.uri(),
                    QemuTestHost.config(host.directory, host.namespace), StartProbe.NONE)) {
                assertEquals("imported", again.domains().currentSnapshot(uuid).orElseThrow().name());
                assertEquals("edited", again.domains().snapshot(uuid, "a").description());
            }

            // A running VM's images are asked of QEMU itself.
            domains.start(uuid);
            try {
                DomainSnapshot live = domains.createSnapshot(uuid, "<domainsnapshot><name>live</name></domainsnapshot>");
                String liveXml = domains.snapshotXml(uuid, live.name());
                assertEquals("live", domains.redefineSnapshot(uuid, liveXml.replace("<name>live</name>",
                        "<name>live</name>\n  <description>running</description>")).name());
                assertEquals("running", domains.snapshot(uuid, "live").description());
                VirtException absent = assertThrows(VirtException.class, () -> domains.redefineSnapshot(uuid,
                        liveXml.replace("<name>live</name>", "<name>ghost</name>")));
                assertTrue(absent.getMessage().contains("Snapshot 'ghost' does not exist in disk vda"),
                        absent.getMessage());
            } finally {
                domains.destroy(uuid);
            }
        }
    }

    @Test
    void aLiveRevertToASnapshotTheRunningMachineCannotLoadNeedsForce() throws Exception {
        try (QemuTestHost host = QemuTestHost.open()) {
            DomainFamily domains = host.connection.domains();
            UUID uuid = runningWithState(host, "abi", qcow2(host), "small");
            domains.createSnapshot(uuid, "<domainsnapshot><name>small</name></domainsnapshot>");
            domains.destroy(uuid);
            String bigger = domains.xml(uuid, true).replace("<memory unit='KiB'>262144</memory>",
                    "<memory unit='KiB'>393216</memory>").replace("<currentMemory unit='KiB'>262144</currentMemory>",
                    "<currentMemory unit='KiB'>393216</currentMemory>");
            domains.define(bigger);
            domains.start(uuid);
            long pid = host.connection.qemuDomains().pid(uuid);

            VirtException risky = assertThrows(VirtException.class, () -> domains.revertToSnapshot(uuid, "small"));
            assertEquals("revert requires force: Target domain max memory 262144 does not match source 393216",
                    risky.getMessage());
            assertEquals(pid, host.connection.qemuDomains().pid(uuid), "the running QEMU is left alone");
            assertEquals(DomainState.RUNNING, domains.byUuid(uuid).orElseThrow().state());

            host.events.clear();
            domains.revertToSnapshot(uuid, "small", true);
            assertEquals(List.of("STOPPED:from snapshot", "STARTED:from snapshot"), VmLifecycleTest.events(host, uuid));
            assertTrue(ProcessHandle.of(pid).isEmpty(), "forced, the old QEMU is gone and a new one loaded the snapshot");
            assertTrue(domains.xml(uuid, false).contains("<memory unit='KiB'>262144</memory>"), domains.xml(uuid, false));
            awaitShell(domains, uuid, "echo $STATE-$((3+4))", "small-7");
            assertTrue(domains.snapshot(uuid, "small").current());
            domains.destroy(uuid);
        }
    }

    @Test
    void aRawDiskIsRefusedWithLibvirtsWords() throws Exception {
        try (QemuTestHost host = QemuTestHost.open()) {
            Path raw = host.directory.resolve("disk.img");
            Files.write(raw, new byte[1024 * 1024]);
            UUID uuid = host.define("raw", QemuStoragePoolTest.disk(raw.toString(), "raw")).uuid();
            VirtException e = assertThrows(VirtException.class, () -> host.connection.domains().createSnapshot(uuid,
                    "<domainsnapshot><name>no</name></domainsnapshot>"));
            assertEquals("unsupported configuration: internal snapshot for disk vda unsupported for storage type raw",
                    e.getMessage());
            assertEquals(List.of(), host.connection.domains().snapshots(uuid));
        }
    }
}
