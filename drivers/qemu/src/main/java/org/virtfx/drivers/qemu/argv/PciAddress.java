package org.virtfx.drivers.qemu.argv;

/** Where a PCI device sits: the bus's QEMU id, the slot and function, and whether the slot is multifunction. */
record PciAddress(String bus, int slot, int function, boolean multifunction) {

    /** QEMU's {@code addr} property: {@code 0x2}, or {@code 0x1.0x2} for a function other than 0. */
    String addr() {
        return function == 0 ? "0x" + Integer.toHexString(slot)
                : "0x" + Integer.toHexString(slot) + ".0x" + Integer.toHexString(function);
    }
}
