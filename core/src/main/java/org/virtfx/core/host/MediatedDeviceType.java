package org.virtfx.core.host;

import java.util.ArrayList;
import java.util.List;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlParser;

/**
 * A kind of mediated device a parent device can make (libvirt's {@code mdev_types} capability),
 * and how many more it has room for.
 *
 * @param parent libvirt's name of the parent ("pci_0000_00_02_0")
 * @param id the type's id ("i915-GVTg_V5_4")
 * @param name its human name, empty when the driver gives none
 * @param deviceApi "vfio-pci", "vfio-ccw" or "vfio-ap"
 * @param availableInstances how many more devices of this type the parent can make
 */
public record MediatedDeviceType(String parent, String id, String name, String deviceApi, int availableInstances) {

    /**
     * The types a parent device offers, read from its node device XML, where libvirt nests an
     * {@code mdev_types} capability in the device's own ({@code pci} for a GPU, {@code css} for
     * an s390 subchannel, {@code ap_matrix} for crypto queues); none when it offers none.
     *
     * @throws VirtException {@link ErrorCode#XML_ERROR} naming the element at fault
     */
    public static List<MediatedDeviceType> parse(String xml) {
        XmlElement device = new XmlParser().parse(xml, "node device");
        String parent = device.childText("name").map(String::strip)
                .orElseThrow(() -> NodeDeviceErrors.invalid(device, "has no <name>"));
        List<MediatedDeviceType> types = new ArrayList<>();
        for (XmlElement capability : device.children("capability")) {
            for (XmlElement nested : capability.children("capability")) {
                if (nested.attribute("type").orElse("").equals("mdev_types")) {
                    nested.children("type").forEach(type -> types.add(type(parent, type)));
                }
            }
        }
        return types;
    }

    private static MediatedDeviceType type(String parent, XmlElement type) {
        String id = type.attribute("id").orElseThrow(() -> NodeDeviceErrors.invalid(type, "has no id"));
        String api = type.childText("deviceAPI").map(String::strip)
                .orElseThrow(() -> NodeDeviceErrors.invalid(type, "'" + id + "' has no <deviceAPI>"));
        String available = type.childText("availableInstances").map(String::strip)
                .orElseThrow(() -> NodeDeviceErrors.invalid(type, "'" + id + "' has no <availableInstances>"));
        try {
            return new MediatedDeviceType(parent, id, type.childText("name").orElse("").strip(), api,
                    Integer.parseInt(available));
        } catch (NumberFormatException e) {
            throw NodeDeviceErrors.invalid(type, "'" + id + "' has <availableInstances> '" + available
                    + "', which is not a number");
        }
    }
}
