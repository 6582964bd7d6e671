package org.virtfx.drivers.qemu.argv;

/**
 * Where a PCI device sits: the bus's QEMU id, the slot and function, and the slot's
 * multifunction switch ({@code null} when neither the XML nor libvirt's rule sets it, in which
 * case QEMU's command line leaves it out).
 */
record PciAddress(String bus, int slot, int function, Boolean multifunction) {

    /** The QEMU id of bus {@code index}: the root bus, or the PCI controller with that index. */
    static String busName(boolean q35, int index) {
        return index == 0 ? (q35 ? "pcie.0" : "pci.0") : "pci." + index;
    }

    /** The index of the bus, the number libvirt's {@code <address bus=>} gives. */
    int busIndex() {
        return bus.startsWith("pci.") ? Integer.parseInt(bus.substring(4)) : 0;
    }

    PciAddress withMultifunction(Boolean on) {
        return new PciAddress(bus, slot, function, on);
    }

    /** QEMU's {@code addr} property: {@code 0x2}, or {@code 0x1.0x2} for a function other than 0. */
    String addr() {
        return function == 0 ? "0x" + Integer.toHexString(slot)
                : "0x" + Integer.toHexString(slot) + ".0x" + Integer.toHexString(function);
    }

    /** libvirt's way of naming an address in its errors: {@code 0000:00:1f.0}. */
    String text() {
        return String.format("0000:%02x:%02x.%x", busIndex(), slot, function);
    }
}
