package org.virtfx.core.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.virtfx.core.error.VirtException;

class DomainSnapshotXmlTest {
    private final DomainSnapshotXml xml = new DomainSnapshotXml();

    @Test
    void anUnnamedRequestTakesTheCreationTimeAsItsName() {
        DomainSnapshotXml.Request request = xml.parseRequest("<domainsnapshot><description>d</description></domainsnapshot>");
        assertEquals("1700000000", request.nameAt(1700000000));
        assertEquals("d", request.description());
        assertEquals("XML error: expecting root element of 'domainsnapshot', not 'domain'",
                assertThrows(VirtException.class, () -> xml.parseRequest("<domain/>")).getMessage());
    }

    @Test
    void aRedefinitionNeedsWhatLibvirtNeeds() {
        assertMessage("XML error: a redefined snapshot must have a name", "<domainsnapshot/>");
        assertMessage("internal error: missing creationTime from existing snapshot",
                "<domainsnapshot><name>s</name></domainsnapshot>");
        assertMessage("XML error: missing state from existing snapshot",
                "<domainsnapshot><name>s</name><creationTime>1</creationTime></domainsnapshot>");
        assertMessage("unsupported configuration: Invalid state 'asleep' in domain snapshot XML",
                "<domainsnapshot><name>s</name><creationTime>1</creationTime><state>asleep</state></domainsnapshot>");
    }

    @Test
    void formatsWithoutADomainAsLibvirtDoesForOldSnapshots() {
        UUID uuid = UUID.fromString("6695eb01-f6a4-8304-79aa-97f2502e193f");
        SnapshotDefinition old = new SnapshotDefinition("s", "", 5, SnapshotState.SHUTOFF, Optional.of("p"), "no",
                List.of(), Optional.empty());
        assertEquals("<domainsnapshot>\n  <name>s</name>\n  <state>shutoff</state>\n  <parent>\n    <name>p</name>\n"
                + "  </parent>\n  <creationTime>5</creationTime>\n  <memory snapshot='no'/>\n  <domain>\n"
                + "    <uuid>6695eb01-f6a4-8304-79aa-97f2502e193f</uuid>\n  </domain>\n</domainsnapshot>\n",
                xml.format(old, uuid));
        String edited = xml.withDescription(xml.format(old, uuid), "new");
        assertTrue(edited.startsWith("<domainsnapshot>\n  <name>s</name>\n  <description>new</description>\n"
                + "  <state>shutoff</state>\n"), edited);
    }

    @Test
    void internalSnapshotsLeaveEmptyDrivesOut() {
        assertEquals(List.of(new SnapshotDefinition.Disk("vda", "internal"), new SnapshotDefinition.Disk("hdc", "no")),
                xml.internalDisks("<domain><devices><disk><source file='/a'/><target dev='vda'/></disk>"
                        + "<disk device='cdrom'><target dev='hdc'/></disk></devices></domain>"));
    }

    private void assertMessage(String expected, String snapshot) {
        assertEquals(expected, assertThrows(VirtException.class, () -> xml.parseRedefinition(snapshot, false)).getMessage());
    }
}
