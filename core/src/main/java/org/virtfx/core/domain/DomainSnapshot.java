package org.virtfx.core.domain;

import java.time.Instant;
import java.util.Optional;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/**
 * A domain snapshot as lists show it.
 *
 * @param description the snapshot's description, empty when it has none
 * @param creationTime when it was taken, to the second as libvirt records it
 * @param state the domain's state when it was taken
 * @param parent the snapshot that was current when this one was taken, if any
 * @param current whether this is the domain's current snapshot: the one last taken or
 *     reverted to, which the next snapshot will be a child of
 */
public record DomainSnapshot(String name, String description, Instant creationTime, SnapshotState state,
                             Optional<String> parent, boolean current) {

    /** libvirt's error for a snapshot name the domain does not have. */
    public static VirtException notFound(String name) {
        return VirtException.of(ErrorCode.NO_DOMAIN_SNAPSHOT, "no domain snapshot with matching name '" + name + "'");
    }
}
