package org.virtfx.core.host;

import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlParser;

/**
 * A device of the host that can be given to a guest (Add Hardware's USB and PCI host device
 * pickers), as libvirt's node device driver describes it ({@code virsh nodedev-dumpxml}).
 *
 * @param name libvirt's name for it ("usb_1_2", "pci_0000_00_1f_2")
 * @param kind USB or PCI
 * @param address where it sits: "001:002" (USB bus and device), "0000:00:1f.2" (PCI domain, bus,
 *     slot and function), as lsusb and lspci write them
 * @param vendorId the vendor's number as libvirt writes it ("0x8086")
 * @param productId the product's number ("0x2922")
 * @param vendor the vendor's name, empty when the ID database does not know it
 * @param product the product's name, empty when unknown
 */
public record HostDevice(String name, Kind kind, String address, String vendorId, String productId, String vendor,
                         String product) {

    /** The kinds of host device a guest can take, by libvirt's capability name. */
    public enum Kind {
        USB("usb_device"),
        PCI("pci");

        private final String capability;

        Kind(String capability) {
            this.capability = capability;
        }

        /** libvirt's capability type ({@code <capability type='usb_device'>}). */
        public String capability() {
            return capability;
        }
    }

    /**
     * What a picker shows, as virt-manager does: the address, then vendor and product names;
     * with neither name known, the IDs as lsusb and lspci write them ("abcd:1234").
     */
    public String label() {
        StringBuilder label = new StringBuilder(address);
        if (vendor.isEmpty() && product.isEmpty()) {
            return label.append(' ').append(bare(vendorId)).append(':').append(bare(productId)).toString();
        }
        for (String part : new String[] {vendor, product}) {
            if (!part.isEmpty()) {
                label.append(' ').append(part);
            }
        }
        return label.toString();
    }

    private static String bare(String id) {
        return id.startsWith("0x") ? id.substring(2) : id;
    }

    /**
     * Reads a node device's XML ({@code <device>} with a {@code usb_device} or {@code pci}
     * capability).
     *
     * @throws VirtException {@link ErrorCode#XML_ERROR} naming the element at fault
     */
    public static HostDevice parse(String xml) {
        XmlElement device = new XmlParser().parse(xml, "node device");
        String name = device.childText("name").orElseThrow(() -> NodeDeviceErrors.invalid(device, "has no <name>"));
        for (XmlElement capability : device.children("capability")) {
            String type = capability.attribute("type").orElse("");
            for (Kind kind : Kind.values()) {
                if (kind.capability.equals(type)) {
                    return new HostDevice(name, kind, address(kind, capability), id(capability, "vendor"),
                            id(capability, "product"), capability.childText("vendor").orElse("").strip(),
                            capability.childText("product").orElse("").strip());
                }
            }
        }
        throw NodeDeviceErrors.invalid(device, "'" + name + "' is neither a USB nor a PCI device");
    }

    private static String address(Kind kind, XmlElement capability) {
        if (kind == Kind.USB) {
            return String.format("%03d:%03d", number(capability, "bus"), number(capability, "device"));
        }
        return String.format("%04x:%02x:%02x.%x", number(capability, "domain"), number(capability, "bus"),
                number(capability, "slot"), number(capability, "function"));
    }

    private static int number(XmlElement capability, String child) {
        String text = capability.childText(child)
                .orElseThrow(() -> NodeDeviceErrors.invalid(capability, "has no <" + child + ">")).strip();
        try {
            return Integer.decode(text);
        } catch (NumberFormatException e) {
            throw NodeDeviceErrors.invalid(capability, "has <" + child + "> '" + text + "', which is not a number");
        }
    }

    private static String id(XmlElement capability, String child) {
        return capability.child(child).flatMap(e -> e.attribute("id")).orElse("");
    }

}
