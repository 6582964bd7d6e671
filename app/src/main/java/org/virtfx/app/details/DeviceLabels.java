package org.virtfx.app.details;

import java.util.Locale;
import java.util.Map;
import org.virtfx.core.xml.XmlElement;

/** The hardware list's names for devices, worded as virt-manager words them. */
final class DeviceLabels {
    /** Channel target names virt-manager knows by a short name. */
    private static final Map<String, String> CHANNELS = Map.of(
            "org.qemu.guest_agent.0", "qemu-ga",
            "com.redhat.spice.0", "spice",
            "org.libguestfs.channel.0", "libguestfs",
            "org.spice-space.webdav.0", "spice-webdav");

    private DeviceLabels() {
    }

    static String label(XmlElement device, int index) {
        return switch (device.name()) {
            case "disk" -> bus(device.child("target").flatMap(t -> t.attribute("bus")).orElse("")) + " "
                    + capitalised(device.attribute("device").orElse("disk")) + " " + (index + 1);
            case "interface" -> device.child("mac").flatMap(m -> m.attribute("address"))
                    .map(mac -> "NIC " + mac.substring(Math.max(0, mac.length() - 9))).orElse("NIC " + (index + 1));
            case "filesystem" -> "Filesystem " + device.child("target").flatMap(t -> t.attribute("dir")).orElse("");
            case "console", "serial", "parallel" -> capitalised(device.name()) + " " + (index + 1);
            case "channel" -> "Channel" + device.child("target").flatMap(t -> t.attribute("name"))
                    .map(CHANNELS::get).map(name -> " (" + name + ")").orElse("");
            case "graphics" -> "Display " + device.attribute("type").map(DeviceLabels::upper).orElse("");
            case "video" -> "Video " + device.child("model").flatMap(m -> m.attribute("type"))
                    .map(DeviceLabels::videoModel).orElse("");
            case "sound" -> "Sound " + device.attribute("model").orElse("");
            case "controller" -> "Controller " + controller(device) + " " + device.attribute("index").orElse("0");
            case "input" -> inputType(device.attribute("type").orElse(""));
            case "tpm" -> "TPM" + tpm(device);
            case "rng" -> "RNG" + device.child("backend").filter(b -> b.attribute("model").orElse("").equals("random"))
                    .map(XmlElement::text).filter(path -> !path.isEmpty()).map(path -> " " + path).orElse("");
            case "redirdev" -> bus(device.attribute("bus").orElse("usb")) + " Redirector " + (index + 1);
            case "watchdog" -> "Watchdog";
            case "panic" -> "Panic Notifier";
            case "smartcard" -> "Smartcard";
            case "vsock" -> "VirtIO VSOCK";
            case "memballoon" -> "Memory balloon";
            default -> capitalised(device.name()) + " " + (index + 1);
        };
    }

    /** A bus as virt-manager names it: "VirtIO", "PS/2", "USB", "SATA". */
    static String bus(String bus) {
        return switch (bus) {
            case "virtio" -> "VirtIO";
            case "ps2" -> "PS/2";
            case "xen" -> "Xen";
            case "" -> "";
            default -> upper(bus);
        };
    }

    static String inputType(String type) {
        return switch (type) {
            case "tablet" -> "Tablet";
            case "mouse" -> "Mouse";
            case "keyboard" -> "Keyboard";
            default -> "Input";
        };
    }

    private static String controller(XmlElement controller) {
        String type = controller.attribute("type").orElse("");
        String model = controller.attribute("model").orElse("");
        return switch (type) {
            case "virtio-serial" -> "VirtIO Serial";
            case "scsi" -> model.equals("virtio-scsi") ? "VirtIO SCSI" : "SCSI";
            case "pci" -> model.startsWith("pcie") ? "PCIe" : "PCI";
            case "fdc" -> "Floppy";
            default -> upper(type);
        };
    }

    private static String videoModel(String model) {
        return switch (model) {
            case "qxl", "vga", "vmvga" -> model.toUpperCase(Locale.ROOT);
            default -> capitalised(model);
        };
    }

    /** " /dev/tpm0" for a passed-through TPM, " v2.0" for an emulated one of a known version. */
    private static String tpm(XmlElement tpm) {
        XmlElement backend = tpm.child("backend").orElse(new XmlElement("backend"));
        return backend.child("device").flatMap(d -> d.attribute("path"))
                .or(() -> backend.attribute("version").map(v -> "v" + v)).map(s -> " " + s).orElse("");
    }

    private static String upper(String s) {
        return s.length() <= 4 ? s.toUpperCase(Locale.ROOT) : capitalised(s);
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
