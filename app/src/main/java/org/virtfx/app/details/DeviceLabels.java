package org.virtfx.app.details;

import java.util.Locale;
import org.virtfx.core.xml.XmlElement;

/** The hardware list's names for devices, worded as virt-manager words them. */
final class DeviceLabels {
    private DeviceLabels() {
    }

    static String label(XmlElement device, int index) {
        return switch (device.name()) {
            case "disk" -> bus(device) + " " + capitalised(device.attribute("device").orElse("disk")) + " " + (index + 1);
            case "interface" -> device.child("mac").flatMap(m -> m.attribute("address"))
                    .map(mac -> "NIC " + mac.substring(Math.max(0, mac.length() - 9))).orElse("NIC " + (index + 1));
            case "filesystem" -> "Filesystem " + device.child("target").flatMap(t -> t.attribute("dir")).orElse("");
            case "console" -> "Console " + (index + 1);
            case "serial" -> "Serial " + (index + 1);
            case "graphics" -> "Display " + device.attribute("type").map(DeviceLabels::upper).orElse("");
            case "video" -> "Video " + device.child("model").flatMap(m -> m.attribute("type")).map(DeviceLabels::upper)
                    .orElse("");
            case "controller" -> "Controller " + device.attribute("type").map(DeviceLabels::upper).orElse("")
                    + " " + device.attribute("index").orElse("0");
            case "memballoon" -> "Memory balloon";
            default -> capitalised(device.name()) + " " + (index + 1);
        };
    }

    private static String bus(XmlElement disk) {
        String bus = disk.child("target").flatMap(t -> t.attribute("bus")).orElse("");
        return switch (bus) {
            case "virtio" -> "VirtIO";
            case "" -> "";
            default -> upper(bus);
        };
    }

    private static String upper(String s) {
        return s.length() <= 4 ? s.toUpperCase(Locale.ROOT) : capitalised(s);
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
