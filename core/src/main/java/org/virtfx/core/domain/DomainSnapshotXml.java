package org.virtfx.core.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.xml.Uuids;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlFormat;
import org.virtfx.core.xml.XmlParser;

/**
 * libvirt's {@code <domainsnapshot>} XML, parsed and formatted in one place: the short form a
 * client hands to create (name, description), the full form a redefine or a test node file
 * carries, and the form {@code snapshot-dumpxml} prints.
 */
public final class DomainSnapshotXml {
    private static final String ROOT = "domainsnapshot";

    private final XmlParser parser = new XmlParser();
    private final DomainXml domainXml = new DomainXml();

    /**
     * What a client asks for when it takes a snapshot.
     *
     * @param name empty when libvirt is to name the snapshot after its creation time
     * @param description empty when none was given
     */
    public record Request(Optional<String> name, String description) {

        /** The snapshot's name: the one asked for, or the creation time in seconds, as libvirt names it. */
        public String nameAt(long creationTime) {
            return name.orElse(Long.toString(creationTime));
        }
    }

    /**
     * A full definition read back, and whether it claimed to be the current snapshot (the
     * {@code <active>} element libvirt writes only into its own metadata and test node files).
     */
    public record Redefinition(SnapshotDefinition definition, boolean current) {
    }

    /** Reads the XML a client gives to take a snapshot; only the name and description count. */
    public Request parseRequest(String xml) {
        XmlElement root = parser.parse(xml, "(domain_snapshot)");
        Uuids.requireRoot(root, ROOT, "(domain_snapshot)");
        return new Request(root.childText("name").filter(s -> !s.isEmpty()),
                root.childText("description").orElse(""));
    }

    /** Reads a full definition from text, as a redefine receives it. */
    public Redefinition parseRedefinition(String xml, boolean requireActive) {
        XmlElement root = parser.parse(xml, "(domain_snapshot)");
        Uuids.requireRoot(root, ROOT, "(domain_snapshot)");
        return readRedefinition(root, "(domain_snapshot)", requireActive);
    }

    /**
     * Reads a full definition with libvirt's checks for an existing snapshot: it must have a
     * name, a creation time and a state.
     *
     * @param root the {@code <domainsnapshot>} element, or any element holding its children
     *     (a test node file's inline {@code <test:domainsnapshot>})
     * @param requireActive whether {@code <active>} must be present, as libvirt requires in its
     *     own metadata and in test node files
     */
    public Redefinition readRedefinition(XmlElement root, String source, boolean requireActive) {
        String name = root.childText("name").filter(s -> !s.isEmpty()).orElseThrow(() ->
                VirtException.of(ErrorCode.XML_ERROR, "a redefined snapshot must have a name"));
        long creationTime = root.childText("creationTime").map(DomainSnapshotXml::seconds).orElseThrow(() ->
                VirtException.of(ErrorCode.INTERNAL_ERROR, "missing creationTime from existing snapshot"));
        String stateText = root.childText("state").orElseThrow(() ->
                VirtException.of(ErrorCode.XML_ERROR, "missing state from existing snapshot"));
        SnapshotState state = SnapshotState.parse(stateText).filter(s -> s != SnapshotState.NOSTATE)
                .orElseThrow(() -> VirtException.of(ErrorCode.CONFIG_UNSUPPORTED,
                        "Invalid state '" + stateText + "' in domain snapshot XML"));
        Optional<String> parent = root.child("parent").flatMap(p -> p.childText("name")).filter(s -> !s.isEmpty());
        String memory = root.child("memory").flatMap(m -> m.attribute("snapshot"))
                .orElse(state.isOnline() ? "internal" : "no");
        List<SnapshotDefinition.Disk> disks = new ArrayList<>();
        root.child("disks").ifPresent(list -> list.children().forEach(disk -> disks.add(
                new SnapshotDefinition.Disk(disk.attribute("name").orElse(""),
                        disk.attribute("snapshot").orElse("internal")))));
        // Old snapshots carry only <domain><uuid/></domain>: libvirt keeps no definition then.
        Optional<String> domain = root.child("domain").filter(d -> d.attribute("type").isPresent())
                .map(d -> domainXml.read(d.copy(), source).xml());
        boolean current = false;
        if (requireActive) {
            String active = root.childText("active").orElseThrow(() ->
                    VirtException.of(ErrorCode.INTERNAL_ERROR, "Could not find 'active' element"));
            current = !active.equals("0");
        }
        return new Redefinition(new SnapshotDefinition(name, root.childText("description").orElse(""),
                creationTime, state, parent, memory, disks, domain), current);
    }

    /**
     * The disks of a new internal snapshot, as libvirt lines them up with the domain: every
     * disk takes part unless the domain says otherwise or it has no source (an empty CD-ROM).
     */
    public List<SnapshotDefinition.Disk> internalDisks(String domainDefinitionXml) {
        List<SnapshotDefinition.Disk> disks = new ArrayList<>();
        XmlElement domain = parser.parse(domainDefinitionXml, "(domain)");
        for (XmlElement disk : domain.child("devices").map(d -> d.children("disk")).orElse(List.of())) {
            String target = disk.child("target").flatMap(t -> t.attribute("dev")).orElse("");
            boolean empty = disk.child("source").map(s -> s.attributes().isEmpty()).orElse(true);
            disks.add(new SnapshotDefinition.Disk(target,
                    disk.attribute("snapshot").orElse(empty ? "no" : "internal")));
        }
        return disks;
    }

    /**
     * A snapshot's full XML with another description (none when empty) and nothing else
     * changed, ready for a redefine: how virt-manager edits a snapshot's description.
     */
    public String withDescription(String snapshotXmlText, String description) {
        XmlElement root = parser.parse(snapshotXmlText, "(domain_snapshot)");
        root.child("description").ifPresent(root::remove);
        if (!description.isEmpty()) {
            root.insertAfter("name", new XmlElement("description").setText(description));
        }
        return XmlFormat.format(root);
    }

    /** The snapshot as {@code virsh snapshot-dumpxml} prints it. */
    public String format(SnapshotDefinition snapshot, UUID domainUuid) {
        XmlElement root = new XmlElement(ROOT);
        root.append(new XmlElement("name").setText(snapshot.name()));
        if (!snapshot.description().isEmpty()) {
            root.append(new XmlElement("description").setText(snapshot.description()));
        }
        root.append(new XmlElement("state").setText(snapshot.state().xmlName()));
        snapshot.parent().ifPresent(parent ->
                root.append(new XmlElement("parent").append(new XmlElement("name").setText(parent))));
        root.append(new XmlElement("creationTime").setText(Long.toString(snapshot.creationTime())));
        if (!snapshot.memory().isEmpty()) {
            root.append(new XmlElement("memory").setAttribute("snapshot", snapshot.memory()));
        }
        if (!snapshot.disks().isEmpty()) {
            XmlElement disks = new XmlElement("disks");
            snapshot.disks().forEach(d -> disks.append(new XmlElement("disk").setAttribute("name", d.name())
                    .setAttribute("snapshot", d.snapshot())));
            root.append(disks);
        }
        root.append(snapshot.domainXml().map(xml -> parser.parse(xml, snapshot.name()))
                .orElseGet(() -> new XmlElement("domain").append(new XmlElement("uuid").setText(domainUuid.toString()))));
        return XmlFormat.format(root);
    }

    private static long seconds(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw VirtException.of(ErrorCode.INTERNAL_ERROR, "missing creationTime from existing snapshot");
        }
    }
}
