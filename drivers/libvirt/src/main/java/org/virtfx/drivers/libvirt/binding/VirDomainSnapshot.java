package org.virtfx.drivers.libvirt.binding;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

/** A {@code virDomainSnapshotPtr}: one snapshot of a domain. */
public final class VirDomainSnapshot extends NativeHandle {
    /** {@code VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE}: record a snapshot from its full XML, take nothing. */
    public static final int CREATE_REDEFINE = 1;
    /** {@code VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT}: with redefine, make it the current snapshot. */
    public static final int CREATE_CURRENT = 2;
    /** {@code VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN}: delete its descendants too. */
    public static final int DELETE_CHILDREN = 1;
    /** {@code VIR_DOMAIN_SNAPSHOT_REVERT_FORCE}: revert even where libvirt calls it risky. */
    public static final int REVERT_FORCE = 4;

    static {
        Native.register(VirDomainSnapshot.class, LibvirtLibrary.require());
    }

    VirDomainSnapshot(Pointer pointer) {
        super(pointer, "domain snapshot", VirDomainSnapshot::virDomainSnapshotFree);
    }

    /** {@code virDomainSnapshotGetName}: kept in the handle. */
    public String name() {
        return Errors.borrowString(virDomainSnapshotGetName(pointer()), "virDomainSnapshotGetName");
    }

    /** The snapshot's {@code <domainsnapshot>} ({@code virDomainSnapshotGetXMLDesc}; 1 is SECURE). */
    public String xml(int flags) {
        return Errors.takeString(virDomainSnapshotGetXMLDesc(pointer(), flags), "virDomainSnapshotGetXMLDesc");
    }

    /** Whether it is the domain's current snapshot ({@code virDomainSnapshotIsCurrent}). */
    public boolean isCurrent() {
        return Errors.check(virDomainSnapshotIsCurrent(pointer(), 0), "virDomainSnapshotIsCurrent") == 1;
    }

    /** Brings the domain back to this snapshot ({@code virDomainRevertToSnapshot}). */
    public void revert(int flags) {
        Errors.check(virDomainRevertToSnapshot(pointer(), flags), "virDomainRevertToSnapshot");
    }

    /** Deletes the snapshot ({@code virDomainSnapshotDelete}); its children move to its parent. */
    public void delete(int flags) {
        Errors.check(virDomainSnapshotDelete(pointer(), flags), "virDomainSnapshotDelete");
    }

    private static native int virDomainSnapshotFree(Pointer snapshot);

    /** {@code const char *virDomainSnapshotGetName(virDomainSnapshotPtr snapshot)}: owned by the snapshot object. */
    private static native Pointer virDomainSnapshotGetName(Pointer snapshot);

    private static native Pointer virDomainSnapshotGetXMLDesc(Pointer snapshot, int flags);

    private static native int virDomainSnapshotIsCurrent(Pointer snapshot, int flags);

    private static native int virDomainRevertToSnapshot(Pointer snapshot, int flags);

    private static native int virDomainSnapshotDelete(Pointer snapshot, int flags);
}
