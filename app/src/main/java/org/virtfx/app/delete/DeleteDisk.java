package org.virtfx.app.delete;

import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import org.virtfx.core.domain.DiskVolumes;
import org.virtfx.core.domain.DomainDisk;

/**
 * A row of the delete dialog's storage list: the disk, whether its file goes too, and the
 * warning virt-manager shows beside shared or unmanaged storage.
 *
 * @param volume the pool volume holding the disk; null when the driver does not manage the file
 * @param sharedWith the other domains of the connection that use the same path
 */
public record DeleteDisk(DomainDisk disk, DiskVolumes.Volume volume, List<String> sharedWith, String warning,
                         BooleanProperty selected) {

    static DeleteDisk of(DomainDisk disk, DiskVolumes.Volume volume, List<String> sharedWith) {
        String warning = "";
        if (volume == null) {
            warning = "Not managed storage: the file is left in place";
        } else if (!sharedWith.isEmpty()) {
            warning = "Storage is in use by other virtual machines: " + String.join(", ", sharedWith);
        } else if (disk.readOnly()) {
            warning = "Storage is read-only";
        }
        // As virt-manager: tick only what surely belongs to this VM alone.
        boolean byDefault = volume != null && sharedWith.isEmpty() && disk.privateAndWritable();
        return new DeleteDisk(disk, volume, List.copyOf(sharedWith), warning, new SimpleBooleanProperty(byDefault));
    }

    /** Only managed storage can be deleted through the driver. */
    public boolean deletable() {
        return volume != null;
    }
}
