package org.virtfx.core.host;

import java.util.Optional;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlParser;

/**
 * A mediated device of the host (a vGPU slice, an s390 channel or crypto queue) that a guest
 * can be given by its UUID, as libvirt's node device driver describes it
 * ({@code virsh nodedev-dumpxml mdev_...}, capability {@code mdev}).
 *
 * @param name libvirt's name for it ("mdev_3627463d_b7f0_4fea_b468_f1da537d301b_0000_00_02_0")
 * @param uuid the device's UUID, which the guest's {@code <hostdev>} names
 * @param parent libvirt's name of the device it is carved from ("pci_0000_00_02_0")
 * @param typeId its type ("i915-GVTg_V5_4", "nvidia-11")
 * @param typeName the type's human name ("GRID M60-0B"), empty when its driver gives none
 * @param deviceApi how a guest reaches it: "vfio-pci", "vfio-ccw" or "vfio-ap"; empty when the
 *     source does not say (libvirt's mdev capability leaves it to the parent's types)
 */
public record MediatedDevice(String name, String uuid, String parent, String typeId, String typeName,
                             String deviceApi) {

    /** What Add Hardware's MDEV picker shows: the type, its name when there is one, the UUID and the parent. */
    public String label() {
        String type = typeName.isEmpty() ? typeId : typeId + " (" + typeName + ")";
        return type + " " + uuid + " on " + parent;
    }

    /** libvirt's name of a sysfs device: its non-alphanumerics made underscores ("0000:00:02.0" → "0000_00_02_0"). */
    public static String nodeName(String prefix, String sysfsName) {
        return prefix + "_" + sysfsName.replaceAll("[^A-Za-z0-9]", "_");
    }

    /**
     * Reads a node device's XML with an {@code mdev} capability.
     *
     * @throws VirtException {@link ErrorCode#XML_ERROR} naming the element at fault
     */
    public static MediatedDevice parse(String xml) {
        XmlElement device = new XmlParser().parse(xml, "node device");
        String name = device.childText("name").map(String::strip)
                .orElseThrow(() -> NodeDeviceErrors.invalid(device, "has no <name>"));
        String parent = device.childText("parent").map(String::strip).orElse("");
        Optional<XmlElement> mdev = device.children("capability").stream()
                .filter(c -> c.attribute("type").orElse("").equals("mdev")).findFirst();
        XmlElement capability = mdev.orElseThrow(
                () -> NodeDeviceErrors.invalid(device, "'" + name + "' is not a mediated device"));
        String type = capability.child("type").flatMap(t -> t.attribute("id"))
                .orElseThrow(() -> NodeDeviceErrors.invalid(capability, "has no <type id=...>"));
        String uuid = capability.childText("uuid").map(String::strip)
                .orElseThrow(() -> NodeDeviceErrors.invalid(capability, "has no <uuid>"));
        return new MediatedDevice(name, uuid, parent, type, "", "");
    }

}
