package org.virtfx.app.clone;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import org.virtfx.core.domain.DiskVolumes;
import org.virtfx.core.domain.DomainDisk;

/**
 * A row of the clone dialog's storage table: the disk, whether it is cloned (else shared with
 * the clone), whether cloning it is possible at all, and why not or what sharing means.
 *
 * @param volume the pool volume holding the disk, if it is managed storage
 */
public record CloneDisk(DomainDisk disk, DiskVolumes.Volume volume, boolean cloneable, String note,
                        BooleanProperty cloned) {

    static CloneDisk of(DomainDisk disk, DiskVolumes.Volume volume, boolean copiesHostFiles, boolean container) {
        String note;
        boolean cloneable = false;
        if (container) {
            note = "Shared: a container's clone copies its definition only";
        } else if (disk.path().isEmpty()) {
            note = "No storage to clone";
        } else if (disk.readOnly()) {
            note = "Read-only storage is shared";
        } else if (disk.shareable()) {
            note = "Shareable storage is shared";
        } else if (volume == null && !copiesHostFiles) {
            note = "Not managed storage: it can only be shared";
        } else {
            cloneable = true;
            note = "";
        }
        return new CloneDisk(disk, volume, cloneable, note, new SimpleBooleanProperty(cloneable));
    }
}
