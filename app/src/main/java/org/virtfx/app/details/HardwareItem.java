package org.virtfx.app.details;

/**
 * One entry of the hardware list.
 *
 * @param element the device element's name ("disk", "video"), empty for the fixed pages
 * @param index which of the elements of that name, counting from 0 in document order
 * @param label what the list shows: "VirtIO Disk 1", "NIC :dd:ee:ff"
 */
public record HardwareItem(HardwareKind kind, String element, int index, String label) {

    @Override
    public String toString() {
        return label;
    }
}
