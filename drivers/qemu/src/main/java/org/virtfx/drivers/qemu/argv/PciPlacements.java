package org.virtfx.drivers.qemu.argv;

import java.util.List;
import org.virtfx.core.xml.XmlElement;

/**
 * Where a start put each PCI device, for the running VM's live XML: libvirt's {@code dumpxml}
 * of a running domain gives every device its {@code <address>} as placed and lists the PCI
 * controllers it added (the root bus, and on q35 the pcie-root-ports with their chassis and
 * port), so that a reader sees the guest's layout and a hot-plug names a free place.
 *
 * @param devices each placed device of the definition, by element name and its place among
 *                the elements of that name
 * @param addedPorts the pcie-root-ports the start added, by index
 * @param defaultBalloon where the balloon libvirt adds when the XML names none went; null when none was added
 */
public record PciPlacements(boolean q35, List<Placed> devices, List<AddedPort> addedPorts, PciAddress defaultBalloon) {
    public PciPlacements {
        devices = List.copyOf(devices);
        addedPorts = List.copyOf(addedPorts);
    }

    /**
     * A device of the definition and where it went; for a pcie-root-port, QEMU's device for it
     * and its chassis and port as QEMU was given them (null for other devices).
     */
    record Placed(String element, int ordinal, PciAddress address, String portModel, Integer chassis, Integer port) {
    }

    /** A pcie-root-port libvirt's rules added. */
    record AddedPort(int index, int chassis, int port, PciAddress address) {
    }

    /** Writes the addresses and added controllers into {@code root}, a copy of the definition that was started. */
    public XmlElement applyTo(XmlElement root) {
        XmlElement devicesElement = root.child("devices").orElseGet(() -> {
            XmlElement created = new XmlElement("devices");
            root.append(created);
            return created;
        });
        for (Placed p : devices) {
            List<XmlElement> same = devicesElement.children(p.element());
            if (p.ordinal() >= same.size()) {
                continue;
            }
            XmlElement device = same.get(p.ordinal());
            if (p.portModel() != null) {
                describePort(device, p);
            }
            setAddress(device, p.address());
        }
        addControllers(devicesElement);
        if (defaultBalloon != null && devicesElement.child("memballoon").isEmpty()) {
            XmlElement balloon = new XmlElement("memballoon").setAttribute("model", "virtio");
            setAddress(balloon, defaultBalloon);
            devicesElement.append(balloon);
        }
        return root;
    }

    /** A root port the XML gave, with the model name, chassis and port libvirt fills in. */
    private static void describePort(XmlElement controller, Placed p) {
        if (controller.child("model").isEmpty()) {
            controller.insert(0, new XmlElement("model").setAttribute("name", p.portModel()));
        }
        if (p.chassis() == null) {
            // A switch's upstream port has no chassis or port.
            return;
        }
        if (p.port() == null) {
            // A pci-bridge: a chassis number, no port.
            XmlElement target = target(controller);
            if (target.attribute("chassisNr").isEmpty()) {
                target.setAttribute("chassisNr", Integer.toString(p.chassis()));
            }
            return;
        }
        XmlElement target = target(controller);
        if (target.attribute("chassis").isEmpty()) {
            target.setAttribute("chassis", Integer.toString(p.chassis()));
        }
        if (target.attribute("port").isEmpty()) {
            target.setAttribute("port", "0x" + Integer.toHexString(p.port()));
        }
        target.orderAttributes(List.of("chassis", "port", "hotplug"));
    }

    /** The controller's {@code <target>}, made after its {@code <model>} when it has none. */
    private static XmlElement target(XmlElement controller) {
        return controller.child("target").orElseGet(() -> {
            XmlElement created = new XmlElement("target");
            controller.insert(controller.contentIndex(controller.child("model").orElseThrow()) + 1, created);
            return created;
        });
    }

    /** The root bus's controller when the XML has none, then the added ports, after the XML's own controllers. */
    private void addControllers(XmlElement devicesElement) {
        boolean hasRoot = devicesElement.children("controller").stream().anyMatch(c ->
                c.attribute("type").orElse("").equals("pci") && c.attribute("index").orElse("0").equals("0"));
        int at = insertionPoint(devicesElement);
        if (!hasRoot) {
            devicesElement.insert(at++, new XmlElement("controller").setAttribute("type", "pci")
                    .setAttribute("index", "0").setAttribute("model", q35 ? "pcie-root" : "pci-root"));
        }
        for (AddedPort port : addedPorts) {
            XmlElement controller = new XmlElement("controller").setAttribute("type", "pci")
                    .setAttribute("index", Integer.toString(port.index())).setAttribute("model", "pcie-root-port");
            controller.append(new XmlElement("model").setAttribute("name", "pcie-root-port"));
            controller.append(new XmlElement("target").setAttribute("chassis", Integer.toString(port.chassis()))
                    .setAttribute("port", "0x" + Integer.toHexString(port.port())));
            setAddress(controller, port.address());
            devicesElement.insert(at++, controller);
        }
    }

    /** After the last controller, else after the disks, else after the emulator, as libvirt orders devices. */
    private static int insertionPoint(XmlElement devicesElement) {
        for (String kind : List.of("controller", "disk", "emulator")) {
            List<XmlElement> found = devicesElement.children(kind);
            if (!found.isEmpty()) {
                return devicesElement.contentIndex(found.get(found.size() - 1)) + 1;
            }
        }
        return 0;
    }

    /** libvirt's form of a PCI address, in place of the one the XML gave, if any. */
    private static void setAddress(XmlElement device, PciAddress a) {
        device.child("address").ifPresent(device::remove);
        XmlElement address = new XmlElement("address").setAttribute("type", "pci").setAttribute("domain", "0x0000")
                .setAttribute("bus", String.format("0x%02x", a.busIndex()))
                .setAttribute("slot", String.format("0x%02x", a.slot()))
                .setAttribute("function", "0x" + Integer.toHexString(a.function()));
        if (Boolean.TRUE.equals(a.multifunction())) {
            address.setAttribute("multifunction", "on");
        }
        device.append(address);
    }
}
