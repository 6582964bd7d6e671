package org.virtfx.core.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything libvirt keeps about one snapshot, as its {@code <domainsnapshot>} XML says it.
 *
 * @param creationTime seconds since 1970, as libvirt stores it
 * @param memory where the guest's memory went: "no" for a snapshot of a shut-off domain,
 *     "internal" when it is inside the disk images (qcow2 internal snapshots), empty when unknown
 * @param disks each disk of the domain and how it was snapshotted
 * @param domainXml the domain's definition when the snapshot was taken (inactive form),
 *     which reverting restores; empty for snapshots redefined without one
 */
public record SnapshotDefinition(String name, String description, long creationTime, SnapshotState state,
                                 Optional<String> parent, String memory, List<Disk> disks,
                                 Optional<String> domainXml) {

    public SnapshotDefinition {
        disks = List.copyOf(disks);
    }

    /**
     * One disk's entry in a snapshot.
     *
     * @param name the disk's target ("vda")
     * @param snapshot "internal", "external" or "no"
     */
    public record Disk(String name, String snapshot) {
    }

    public SnapshotDefinition withParent(Optional<String> newParent) {
        return new SnapshotDefinition(name, description, creationTime, state, newParent, memory, disks, domainXml);
    }

    public SnapshotDefinition withDomainXml(Optional<String> xml) {
        return new SnapshotDefinition(name, description, creationTime, state, parent, memory, disks, xml);
    }

    /** The summary lists show, given whether this is the domain's current snapshot. */
    public DomainSnapshot summary(boolean current) {
        return new DomainSnapshot(name, description, Instant.ofEpochSecond(creationTime), state, parent, current);
    }
}
