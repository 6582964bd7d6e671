package org.virtfx.drivers.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.DriverRegistry;
import org.virtfx.core.domain.DomainFamily;
import org.virtfx.core.domain.DomainSnapshot;
import org.virtfx.core.domain.DomainState;
import org.virtfx.core.domain.SnapshotState;
import org.virtfx.core.domain.StateReason;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.event.DomainEvent;

/** Snapshots on test:///default, with libvirt's test-driver rules and texts. */
class DomainSnapshotTest {
    private final Connection connection = DriverRegistry.discover().open("test:///default");
    private final DomainFamily domains = connection.domains();
    private final UUID test = domains.lookup("test").uuid();

    @AfterEach
    void close() {
        connection.close();
    }

    private DomainSnapshot take(String name) {
        return domains.createSnapshot(test, "<domainsnapshot><name>" + name + "</name></domainsnapshot>");
    }

    @Test
    void eachSnapshotIsAChildOfTheCurrentOneAndBecomesCurrent() {
        long before = Instant.now().getEpochSecond();
        DomainSnapshot s1 = domains.createSnapshot(test,
                "<domainsnapshot><name>s1</name><description>first boot</description></domainsnapshot>");
        assertEquals(new DomainSnapshot("s1", "first boot", s1.creationTime(), SnapshotState.RUNNING,
                Optional.empty(), true), s1);
        assertTrue(s1.creationTime().getEpochSecond() >= before);
        domains.suspend(test);
        DomainSnapshot s2 = take("s2");
        assertEquals(SnapshotState.PAUSED, s2.state());
        assertEquals(Optional.of("s1"), s2.parent());
        assertEquals("s2", domains.currentSnapshot(test).orElseThrow().name());
        assertFalse(domains.snapshot(test, "s1").current());
        assertEquals(2, domains.snapshots(test).size());
    }

    @Test
    void anUnnamedSnapshotIsNamedAfterItsCreationTime() {
        DomainSnapshot taken = domains.createSnapshot(test, "<domainsnapshot/>");
        assertEquals(Long.toString(taken.creationTime().getEpochSecond()), taken.name());
        assertMessage("operation failed: domain moment " + taken.name() + " already exists",
                () -> take(taken.name()));
    }

    @Test
    void dumpsLibvirtsSnapshotXml() {
        DomainSnapshot s1 = take("s1");
        domains.destroy(test);
        DomainSnapshot s2 = domains.createSnapshot(test,
                "<domainsnapshot><name>s2</name><description>off &amp; cold</description></domainsnapshot>");
        String xml = domains.snapshotXml(test, "s2");
        assertTrue(xml.startsWith("<domainsnapshot>\n  <name>s2</name>\n  <description>off &amp; cold</description>\n"
                + "  <state>shutoff</state>\n  <parent>\n    <name>s1</name>\n  </parent>\n"
                + "  <creationTime>" + s2.creationTime().getEpochSecond() + "</creationTime>\n"
                + "  <memory snapshot='no'/>\n  <disks>\n    <disk name='vda' snapshot='internal'/>\n  </disks>\n"
                + "  <domain type='test'>\n    <name>test</name>\n"), xml);
        assertTrue(xml.endsWith("  </domain>\n</domainsnapshot>\n"), xml);
        assertTrue(domains.snapshotXml(test, "s1").contains("<memory snapshot='internal'/>"));
        assertEquals(s1.creationTime(), domains.snapshot(test, "s1").creationTime());
        assertMessage("Domain snapshot not found: no domain snapshot with matching name 'nosuch'",
                () -> domains.snapshotXml(test, "nosuch"));
    }

    @Test
    void revertingBringsBackTheStateWithLibvirtsEvents() {
        take("running");
        domains.suspend(test);
        take("paused");
        domains.destroy(test);
        take("off");
        List<DomainEvent> events = new CopyOnWriteArrayList<>();
        try (var subscription = connection.events().subscribe(e -> events.add((DomainEvent) e))) {
            domains.revertToSnapshot(test, "paused");
            assertState(DomainState.PAUSED);
            assertEquals(List.of("STARTED from snapshot running", "SUSPENDED from snapshot paused"), describe(events));
            events.clear();
            domains.revertToSnapshot(test, "running");
            assertState(DomainState.RUNNING);
            assertEquals(List.of("RESUMED from snapshot running"), describe(events));
            events.clear();
            domains.revertToSnapshot(test, "paused");
            assertEquals(List.of("SUSPENDED from snapshot paused"), describe(events));
            events.clear();
            domains.revertToSnapshot(test, "off");
            assertState(DomainState.SHUTOFF);
            assertEquals(List.of("STOPPED from snapshot shut off"), describe(events));
            events.clear();
            domains.revertToSnapshot(test, "off");
            assertEquals(List.of(), events);
        }
        assertEquals("off", domains.currentSnapshot(test).orElseThrow().name());
    }

    @Test
    void revertRestoresTheDefinitionOfTheSnapshot() {
        domains.destroy(test);
        take("small");
        String bigger = domains.xml(test, true).replace("<vcpu placement='static'>2</vcpu>",
                "<vcpu placement='static'>4</vcpu>");
        domains.define(bigger);
        assertTrue(domains.xml(test, true).contains(">4</vcpu>"));
        domains.revertToSnapshot(test, "small");
        assertTrue(domains.xml(test, true).contains(">2</vcpu>"), domains.xml(test, true));
    }

    @Test
    void deletingReparentsChildrenAndMovesCurrentToTheParent() {
        take("a");
        take("b");
        take("c");
        domains.revertToSnapshot(test, "b");
        domains.deleteSnapshot(test, "b");
        assertEquals(Optional.of("a"), domains.snapshot(test, "c").parent());
        assertEquals("a", domains.currentSnapshot(test).orElseThrow().name());
        domains.deleteSnapshot(test, "a");
        assertEquals(Optional.empty(), domains.snapshot(test, "c").parent());
        assertTrue(domains.currentSnapshot(test).isEmpty());
        assertMessage("Domain snapshot not found: no domain snapshot with matching name 'a'",
                () -> domains.deleteSnapshot(test, "a"));
    }

    @Test
    void anInactiveDomainWithSnapshotsCannotBeUndefined() {
        take("a");
        take("b");
        domains.destroy(test);
        assertMessage("Requested operation is not valid: cannot delete inactive domain with 2 snapshots",
                () -> domains.undefine(test));
        domains.deleteSnapshot(test, "a");
        domains.deleteSnapshot(test, "b");
        domains.undefine(test);
        assertTrue(domains.byName("test").isEmpty());
    }

    @Test
    void aTransientDomainCannotRevertToAnInactiveSnapshot() {
        domains.destroy(test);
        take("off");
        domains.start(test);
        domains.undefine(test);
        assertMessage("Requested operation is not valid: transient domain needs to request run or pause"
                + " to revert to inactive snapshot", () -> domains.revertToSnapshot(test, "off"));
        assertEquals(DomainState.RUNNING, domains.lookup("test").state());
    }

    @Test
    void redefiningChangesTheDescriptionButNotWhichIsCurrent() {
        take("a");
        take("b");
        String edited = domains.snapshotXml(test, "a").replace("<name>a</name>",
                "<name>a</name>\n  <description>known good</description>");
        DomainSnapshot a = domains.redefineSnapshot(test, edited);
        assertEquals("known good", a.description());
        assertFalse(a.current());
        assertEquals("b", domains.currentSnapshot(test).orElseThrow().name());
        assertMessage("invalid argument: cannot change between online and offline snapshot state in snapshot a",
                () -> domains.redefineSnapshot(test, edited.replace("<state>running</state>", "<state>shutoff</state>")));
        assertMessage("invalid argument: parent b would create cycle to a", () -> domains.redefineSnapshot(test,
                edited.replace("<state>running</state>", "<state>running</state><parent><name>b</name></parent>")));
    }

    @Test
    void redefiningWithCurrentMakesTheSnapshotCurrent() {
        take("a");
        take("b");
        DomainSnapshot a = domains.redefineSnapshot(test, domains.snapshotXml(test, "a"), true);
        assertTrue(a.current());
        assertEquals("a", domains.currentSnapshot(test).orElseThrow().name());
        assertFalse(domains.snapshot(test, "b").current());
    }

    @Test
    void nodeFilesCarrySnapshotsInTheTestNamespace(@TempDir Path dir) throws IOException {
        Path node = dir.resolve("node.xml");
        Files.writeString(dir.resolve("snap2.xml"), """
                <domainsnapshot>
                  <name>second</name>
                  <state>shutoff</state>
                  <parent><name>first</name></parent>
                  <creationTime>1700000100</creationTime>
                  <active>1</active>
                </domainsnapshot>
                """);
        Files.writeString(node, """
                <node>
                  <domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>
                    <name>vm</name>
                    <memory>1024</memory>
                    <os><type>hvm</type></os>
                    <test:domainsnapshot>
                      <name>first</name>
                      <description>clean install</description>
                      <state>running</state>
                      <creationTime>1700000000</creationTime>
                      <domain type='test'><name>vm</name><memory>2048</memory><os><type>hvm</type></os></domain>
                      <active>0</active>
                    </test:domainsnapshot>
                    <test:domainsnapshot file='snap2.xml'/>
                  </domain>
                </node>
                """);
        try (Connection c = DriverRegistry.discover().open("test://" + node)) {
            UUID vm = c.domains().lookup("vm").uuid();
            assertEquals(List.of("first", "second"), c.domains().snapshots(vm).stream().map(DomainSnapshot::name).toList());
            assertEquals("second", c.domains().currentSnapshot(vm).orElseThrow().name());
            assertEquals(Instant.ofEpochSecond(1700000000), c.domains().snapshot(vm, "first").creationTime());
            assertEquals("clean install", c.domains().snapshot(vm, "first").description());
            assertFalse(c.domains().xml(vm, false).contains("domainsnapshot"));
            c.domains().revertToSnapshot(vm, "first");
            assertEquals(StateReason.FROM_SNAPSHOT, c.domains().lookup("vm").reason());
        }
        Files.writeString(node, Files.readString(node).replace("<active>0</active>", "<active>1</active>"));
        VirtException twoCurrent = assertThrows(VirtException.class,
                () -> DriverRegistry.discover().open("test://" + node));
        assertEquals("internal error: more than one snapshot claims to be active", twoCurrent.getMessage());
    }

    private void assertState(DomainState expected) {
        assertEquals(expected, domains.lookup("test").state());
        assertEquals(StateReason.FROM_SNAPSHOT, domains.lookup("test").reason());
    }

    private static List<String> describe(List<DomainEvent> events) {
        return events.stream().map(e -> e.type() + " " + e.detail() + " " + e.domain().state().label()).toList();
    }

    private static void assertMessage(String expected, Runnable action) {
        assertEquals(expected, assertThrows(VirtException.class, action::run).getMessage());
    }
}
