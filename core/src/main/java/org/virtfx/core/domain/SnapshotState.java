package org.virtfx.core.domain;

import java.util.Arrays;
import java.util.Optional;

/**
 * The state a domain was in when a snapshot was taken, with the words libvirt writes in
 * {@code <domainsnapshot><state>} and virsh prints: a domain state, or {@code disk-snapshot}
 * for a snapshot of the disks alone.
 */
public enum SnapshotState {
    NOSTATE("nostate"),
    RUNNING("running"),
    BLOCKED("blocked"),
    PAUSED("paused"),
    SHUTDOWN("shutdown"),
    SHUTOFF("shutoff"),
    CRASHED("crashed"),
    PMSUSPENDED("pmsuspended"),
    DISK_SNAPSHOT("disk-snapshot");

    private final String xmlName;

    SnapshotState(String xmlName) {
        this.xmlName = xmlName;
    }

    /** The word in the snapshot XML, which virsh's snapshot-list and snapshot-info print. */
    public String xmlName() {
        return xmlName;
    }

    /** libvirt numbers snapshot states after domain states, so a domain's state maps one to one. */
    public static SnapshotState of(DomainState state) {
        return values()[state.ordinal()];
    }

    public static Optional<SnapshotState> parse(String word) {
        return Arrays.stream(values()).filter(s -> s.xmlName.equals(word)).findFirst();
    }

    /**
     * Whether the snapshot holds the guest's memory, so that reverting to it leaves the domain
     * running or paused; reverting to any other snapshot leaves it shut off.
     */
    public boolean isOnline() {
        return this == RUNNING || this == PAUSED;
    }
}
