package org.virtfx.drivers.qemu.argv;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/**
 * PCI addresses handed out the way libvirt's QEMU driver does, so the same XML gives the same
 * guest hardware layout. On {@code pc} every device takes the next whole free slot of the root
 * bus, searching on from the last slot handed out. On {@code q35} the root bus takes
 * pcie-root-ports (packed eight to a slot) and the fixed devices only: every other PCI Express
 * device goes into the first pcie-root-port with nothing in it, by port index. In the
 * counting pass ({@code growing}, libvirt's "dry run") a device that finds no free port gets a
 * new one, which is how libvirt decides how many ports to add.
 */
final class PciSlots {
    private static final int SLOTS = 32;

    /**
     * The PCI controllers past the root bus, each a bus of its own: a root port and a switch's
     * downstream port have one slot, for one device (or a switch's upstream port); a switch's
     * upstream port has 32, for downstream ports only; a pci-bridge and a pcie-to-pci-bridge
     * have slots 1-31 for conventional PCI devices; q35's dmi-to-pci-bridge has slots 0-31
     * without hot-plug, so libvirt puts only pci-bridges there.
     */
    enum PortKind { ROOT, UPSTREAM, DOWNSTREAM, PCI_BRIDGE, DMI_TO_PCI_BRIDGE, PCIE_TO_PCI_BRIDGE;

        /** A bus for conventional PCI devices. */
        boolean conventional() {
            return this == PCI_BRIDGE || this == DMI_TO_PCI_BRIDGE || this == PCIE_TO_PCI_BRIDGE;
        }
    }

    private final boolean q35;
    private final boolean growing;
    /** Bus 0 is the root bus; bus N &gt; 0 is the port controller with index N (q35 only). */
    private final List<Bus> buses = new ArrayList<>();
    private final Map<Integer, PortKind> kinds;
    private int lastSlot;

    /** One bus: which functions of which slots are taken, and which slots hold root ports. */
    private static final class Bus {
        final int minSlot;
        final int maxSlot;
        final PortKind kind;
        final boolean[][] used = new boolean[SLOTS][8];
        final boolean[] aggregate = new boolean[SLOTS];

        Bus(int minSlot, int maxSlot, PortKind kind) {
            this.minSlot = minSlot;
            this.maxSlot = maxSlot;
            this.kind = kind;
        }

        boolean slotFree(int slot) {
            for (boolean f : used[slot]) {
                if (f) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * @param ports the number of PCI buses past the root bus the XML's controllers make (their highest index)
     * @param kinds the kind of each port controller the XML gives, by index; any other is a root port
     */
    PciSlots(boolean q35, boolean growing, int ports, Map<Integer, PortKind> kinds) {
        this.q35 = q35;
        this.growing = growing;
        this.kinds = kinds;
        buses.add(new Bus(1, SLOTS - 1, null));
        reserveSlot(0);
        if (q35) {
            reserveSlot(0x1f);
        } else {
            // PIIX3: ISA bridge, IDE and ACPI; function 2 is its USB controller, when there is one.
            Bus root = buses.get(0);
            root.used[1][0] = true;
            root.used[1][1] = true;
            root.used[1][3] = true;
        }
        growTo(ports + 1);
    }

    String rootBus() {
        return PciAddress.busName(q35, 0);
    }

    /** How many buses there are, the root bus included: one more than the highest port index. */
    int busCount() {
        return buses.size();
    }

    boolean slotFree(int slot) {
        return buses.get(0).slotFree(slot);
    }

    void reserveSlot(int slot) {
        for (int f = 0; f < 8; f++) {
            buses.get(0).used[slot][f] = true;
        }
    }

    private void growTo(int count) {
        while (buses.size() < count) {
            // A root or downstream port is a bus with a single slot, number 0; an upstream port has 32.
            PortKind kind = kinds.getOrDefault(buses.size(), PortKind.ROOT);
            buses.add(switch (kind) {
                case UPSTREAM -> new Bus(0, SLOTS - 1, kind);
                case PCI_BRIDGE, PCIE_TO_PCI_BRIDGE -> new Bus(1, SLOTS - 1, kind);
                case DMI_TO_PCI_BRIDGE -> new Bus(0, SLOTS - 1, kind);
                default -> new Bus(0, 0, kind);
            });
        }
    }

    /**
     * An address the XML gives: it must be on a bus that exists and takes that kind of device
     * (a switch's upstream port takes downstream ports only, and they go nowhere else), in a
     * slot that bus has, and free; libvirt blames the XML when it is not. {@code port} is the
     * kind of port controller placed, null for any other device; a root port shares its slot
     * with other ports.
     */
    PciAddress reserve(PciAddress a, PortKind port) {
        boolean aggregate = port == PortKind.ROOT;
        int index = a.busIndex();
        if (index >= buses.size() && !q35) {
            // libvirt adds pci-bridges up to the bus an address names.
            throw DomainNode.unsupported("a PCI address on a bus no pci-bridge of the XML makes");
        }
        if (growing) {
            // libvirt's dry run adds the root ports an address names, as it adds them for devices.
            growTo(index + 1);
        }
        if (index >= buses.size()) {
            throw VirtException.of(ErrorCode.XML_ERROR, "Invalid PCI address " + a.text() + ". Only PCI buses up to "
                    + (buses.size() - 1) + " are available");
        }
        Bus bus = buses.get(index);
        if ((bus.kind == PortKind.UPSTREAM) != (port == PortKind.DOWNSTREAM)) {
            throw VirtException.of(ErrorCode.XML_ERROR, "The device at PCI address " + a.text() + " cannot be plugged"
                    + " into the PCI controller with index='" + index + "'. It requires a controller that accepts a "
                    + (port == PortKind.DOWNSTREAM ? "pcie-switch-downstream-port" : "PCI Express device") + ".");
        }
        if (a.slot() < bus.minSlot || a.slot() > bus.maxSlot) {
            throw VirtException.of(ErrorCode.XML_ERROR, "Invalid PCI address " + a.text() + ". slot must be "
                    + (a.slot() < bus.minSlot ? ">= " + bus.minSlot : "<= " + bus.maxSlot));
        }
        if (a.function() < 0 || a.function() > 7) {
            throw VirtException.of(ErrorCode.XML_ERROR, "Invalid PCI address " + a.text() + ". function must be <= 7");
        }
        if (bus.used[a.slot()][a.function()]) {
            throw VirtException.of(ErrorCode.XML_ERROR, "Attempted double use of PCI Address " + a.text());
        }
        if (aggregate && bus.slotFree(a.slot())) {
            bus.aggregate[a.slot()] = true;
        }
        bus.used[a.slot()][a.function()] = true;
        return a;
    }

    /**
     * The next place on pcie.0 for a pcie-root-port with no address: a free function of a slot
     * that already holds ports, or else the first slot with nothing in it (libvirt's
     * "aggregate slot" rule).
     */
    PciAddress nextRootPortPlace() {
        Bus root = buses.get(0);
        for (int slot = root.minSlot; slot <= root.maxSlot; slot++) {
            if (root.slotFree(slot)) {
                root.aggregate[slot] = true;
                root.used[slot][0] = true;
                return new PciAddress(rootBus(), slot, 0, null);
            }
            if (root.aggregate[slot]) {
                for (int f = 0; f < 8; f++) {
                    if (!root.used[slot][f]) {
                        root.used[slot][f] = true;
                        return new PciAddress(rootBus(), slot, f, null);
                    }
                }
            }
        }
        throw VirtException.of(ErrorCode.INTERNAL_ERROR, "a PCI slot is needed to connect a PCI controller"
                + " model='pcie-root-port', but none is available, and it cannot be automatically added");
    }

    /** The first free slot of a switch's upstream port, by index, for a downstream port with no address. */
    PciAddress nextDownstreamPlace() {
        for (int i = 1; i < buses.size(); i++) {
            Bus bus = buses.get(i);
            if (bus.kind == PortKind.UPSTREAM) {
                for (int slot = bus.minSlot; slot <= bus.maxSlot; slot++) {
                    if (bus.slotFree(slot)) {
                        bus.used[slot][0] = true;
                        return new PciAddress(PciAddress.busName(true, i), slot, 0, null);
                    }
                }
            }
        }
        throw VirtException.of(ErrorCode.INTERNAL_ERROR, "a PCI slot is needed to connect a PCI controller"
                + " model='pcie-switch-downstream-port', but none is available, and it cannot be automatically added");
    }

    /**
     * The next address for a device that wants one. {@code pcie} says whether the device is a
     * PCI Express endpoint, which q35 puts behind a root port of its own.
     */
    PciAddress next(boolean pcie) {
        if (q35 && !pcie) {
            return nextConventional(true);
        }
        if (q35) {
            for (int i = 1; i < buses.size(); i++) {
                PortKind kind = buses.get(i).kind;
                if ((kind == PortKind.ROOT || kind == PortKind.DOWNSTREAM) && buses.get(i).slotFree(0)) {
                    buses.get(i).used[0][0] = true;
                    return new PciAddress(PciAddress.busName(true, i), 0, 0, null);
                }
            }
            if (growing) {
                growTo(buses.size() + 1);
                buses.get(buses.size() - 1).used[0][0] = true;
                return new PciAddress(PciAddress.busName(true, buses.size() - 1), 0, 0, null);
            }
            throw VirtException.of(ErrorCode.INTERNAL_ERROR, "No more available PCI slots");
        }
        for (int pass = 0; pass < 2; pass++) {
            for (int slot = pass == 0 ? Math.max(lastSlot, 1) : 1; slot < SLOTS; slot++) {
                if (slotFree(slot)) {
                    reserveSlot(slot);
                    lastSlot = slot;
                    return new PciAddress(rootBus(), slot, 0, null);
                }
            }
        }
        // The root bus is full: the pci-bridges take the rest, in index order.
        return nextConventional(true);
    }

    /**
     * The first free slot of a bus for conventional PCI devices, by index: a q35 machine's only
     * place for them, a pc machine's once its root bus is full. A device needs {@code hotplug}
     * (libvirt asks it of every device it places), which the dmi-to-pci-bridge lacks; a
     * pci-bridge does not, so on q35 it goes behind the dmi-to-pci-bridge.
     */
    PciAddress nextConventional(boolean hotplug) {
        for (int i = 1; i < buses.size(); i++) {
            Bus bus = buses.get(i);
            if (!bus.kind.conventional() || hotplug && bus.kind == PortKind.DMI_TO_PCI_BRIDGE) {
                continue;
            }
            for (int slot = bus.minSlot; slot <= bus.maxSlot; slot++) {
                if (bus.slotFree(slot)) {
                    Arrays.fill(bus.used[slot], true);
                    return new PciAddress(PciAddress.busName(q35, i), slot, 0, null);
                }
            }
        }
        if (q35) {
            // libvirt adds a pcie-to-pci-bridge (and a root port for it) here; this driver does not yet.
            throw DomainNode.unsupported("a conventional PCI device on q35 without a free slot on a pci-bridge"
                    + " or pcie-to-pci-bridge of the XML");
        }
        throw VirtException.of(ErrorCode.INTERNAL_ERROR, "No more available PCI slots");
    }
}
