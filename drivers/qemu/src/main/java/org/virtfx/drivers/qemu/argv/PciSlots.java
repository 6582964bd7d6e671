package org.virtfx.drivers.qemu.argv;

import java.util.ArrayList;
import java.util.List;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/**
 * PCI addresses handed out the way libvirt's QEMU driver does, so the same XML gives the same
 * guest hardware layout. Every device takes the next whole free slot of the root bus,
 * searching on from the last slot handed out. On {@code q35}, PCI Express devices instead get
 * a {@code pcie-root-port} each (plus one spare for hotplug), the ports packed eight to a
 * slot of {@code pcie.0} ahead of everything else, as libvirt adds them for a new domain.
 */
final class PciSlots {
    private static final int SLOTS = 32;

    private final boolean q35;
    private final boolean[][] used = new boolean[SLOTS][8];
    private int lastSlot;
    private final List<RootPort> rootPorts = new ArrayList<>();
    private int portsHandedOut;

    PciSlots(boolean q35) {
        this.q35 = q35;
        reserveSlot(0);
        if (q35) {
            reserveSlot(0x1f);
        } else {
            // PIIX3: ISA bridge, IDE and ACPI; function 2 is its USB controller, when there is one.
            used[1][0] = true;
            used[1][1] = true;
            used[1][3] = true;
        }
    }

    String rootBus() {
        return q35 ? "pcie.0" : "pci.0";
    }

    boolean slotFree(int slot) {
        for (boolean f : used[slot]) {
            if (f) {
                return false;
            }
        }
        return true;
    }

    void reserveSlot(int slot) {
        for (int f = 0; f < 8; f++) {
            used[slot][f] = true;
        }
    }

    /** An address the XML gives, on the root bus: it must be free. */
    PciAddress reserve(int slot, int function, boolean multifunction) {
        if (slot < 1 || slot >= SLOTS || function < 0 || function > 7) {
            throw VirtException.of(ErrorCode.XML_DETAIL, "invalid PCI address slot " + slot + " function " + function);
        }
        if (used[slot][function]) {
            throw VirtException.of(ErrorCode.INTERNAL_ERROR, "Attempted double use of PCI Address 0000:00:"
                    + String.format("%02x.%x", slot, function));
        }
        used[slot][function] = true;
        return new PciAddress(rootBus(), slot, function, multifunction);
    }

    /**
     * Puts {@code devices} root ports plus libvirt's spare on pcie.0, after the fixed
     * reservations and before any device is addressed (libvirt addresses its PCI controllers
     * first). Port numbers are slot*8+function, the chassis is the bus index.
     */
    void placeRootPorts(int devices) {
        if (!q35 || devices == 0) {
            return;
        }
        int count = devices + 1;
        int slot = 1;
        int function = 0;
        List<int[]> placed = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            while (function == 0 && !slotFree(slot)) {
                slot++;
            }
            placed.add(new int[] {slot, function});
            if (++function == 8) {
                reserveSlot(slot++);
                function = 0;
            }
        }
        if (function != 0) {
            reserveSlot(slot);
        }
        for (int i = 0; i < placed.size(); i++) {
            int s = placed.get(i)[0];
            int f = placed.get(i)[1];
            boolean multi = f == 0 && placed.stream().filter(p -> p[0] == s).count() > 1;
            rootPorts.add(new RootPort(i + 1, s * 8 + f, new PciAddress("pcie.0", s, f, multi)));
            lastSlot = s;
        }
    }

    /**
     * The next address for a device that wants one. {@code pcie} says whether the device is a
     * PCI Express endpoint, which q35 puts behind a root port of its own.
     */
    PciAddress next(boolean pcie) {
        if (q35 && !pcie) {
            throw DomainNode.unsupported("a conventional PCI device on q35 (it needs a pcie-to-pci-bridge)");
        }
        if (q35) {
            // A counting pass (no ports placed yet) hands out the same names it will later.
            return new PciAddress("pci." + ++portsHandedOut, 0, 0, false);
        }
        for (int pass = 0; pass < 2; pass++) {
            for (int slot = pass == 0 ? Math.max(lastSlot, 1) : 1; slot < SLOTS; slot++) {
                if (slotFree(slot)) {
                    reserveSlot(slot);
                    lastSlot = slot;
                    return new PciAddress(rootBus(), slot, 0, false);
                }
            }
        }
        throw VirtException.of(ErrorCode.INTERNAL_ERROR, "No more available PCI slots");
    }

    /** How many devices asked for a root port. */
    int portsHandedOut() {
        return portsHandedOut;
    }

    List<RootPort> rootPorts() {
        return rootPorts;
    }

    /** A pcie-root-port libvirt adds: its bus index (pci.N), port number and place on pcie.0. */
    record RootPort(int index, int port, PciAddress address) {
    }
}
