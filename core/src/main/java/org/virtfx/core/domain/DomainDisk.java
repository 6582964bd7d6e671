package org.virtfx.core.domain;

import java.util.List;
import java.util.Optional;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlParser;

/**
 * One {@code <disk>} of a domain as clone and delete dialogs need it.
 *
 * @param device "disk", "cdrom", "floppy" or "lun"
 * @param path the source file, device or directory; empty for a disk without a source (an empty drive)
 * @param target the guest's name for it, {@code <target dev>} ("vda")
 * @param readOnly {@code <readonly/>}, which cdroms and floppies usually carry
 * @param shareable {@code <shareable/>}: meant to be used by several domains at once
 */
public record DomainDisk(String device, Optional<String> path, String target, boolean readOnly, boolean shareable) {

    /** A disk the guest can write that only this domain uses: the kind a clone copies by default. */
    public boolean privateAndWritable() {
        return path.isPresent() && !readOnly && !shareable && device.equals("disk");
    }

    /** The disks of a domain's XML, in document order. */
    public static List<DomainDisk> of(String domainXml) {
        XmlElement root = new XmlParser().parse(domainXml, "(domain)");
        return root.child("devices").map(d -> d.children("disk")).orElse(List.of()).stream()
                .map(DomainDisk::read).toList();
    }

    private static DomainDisk read(XmlElement disk) {
        String device = disk.attribute("device").orElse("disk");
        Optional<String> path = disk.child("source").flatMap(s -> s.attribute("file")
                .or(() -> s.attribute("dev")).or(() -> s.attribute("dir")));
        String target = disk.child("target").flatMap(t -> t.attribute("dev")).orElse("");
        boolean readOnly = disk.child("readonly").isPresent() || device.equals("cdrom");
        return new DomainDisk(device, path, target, readOnly, disk.child("shareable").isPresent());
    }
}
