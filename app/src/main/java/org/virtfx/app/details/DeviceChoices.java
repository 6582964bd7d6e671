package org.virtfx.app.details;

import java.util.List;

/**
 * The values libvirt's domain schema allows for the device fields VirtFX edits, virt-manager's
 * usual choices first. Detail pages and Add Hardware offer the same lists.
 */
public final class DeviceChoices {
    public static final AttributeChoice SOUND_MODEL = new AttributeChoice("model", "Model",
            List.of("ich9", "ich6", "ich7", "ac97", "es1370", "sb16", "usb", "pcspk"), true);
    public static final AttributeChoice WATCHDOG_MODEL = new AttributeChoice("model", "Model",
            List.of("i6300esb", "ib700", "diag288", "itco"), true);
    public static final AttributeChoice WATCHDOG_ACTION = new AttributeChoice("action", "Action",
            List.of("reset", "shutdown", "poweroff", "pause", "none", "dump", "inject-nmi"), false);
    public static final AttributeChoice PANIC_MODEL = new AttributeChoice("model", "Model",
            List.of("isa", "pvpanic", "hyperv", "pseries", "s390"), false);
    public static final AttributeChoice TPM_MODEL = new AttributeChoice("model", "Model",
            List.of("tpm-crb", "tpm-tis", "tpm-spapr", "spapr-tpm-proxy"), false);
    public static final AttributeChoice INPUT_TYPE = new AttributeChoice("type", "Type",
            List.of("tablet", "mouse", "keyboard"), true);
    public static final AttributeChoice INPUT_BUS = new AttributeChoice("bus", "Bus",
            List.of("usb", "virtio", "ps2"), false);
    public static final AttributeChoice GRAPHICS_TYPE = new AttributeChoice("type", "Type",
            List.of("vnc", "spice"), true);
    public static final AttributeChoice SMARTCARD_MODE = new AttributeChoice("mode", "Mode",
            List.of("passthrough", "host"), true);
    public static final List<String> VIDEO_MODELS = List.of("virtio", "qxl", "vga", "cirrus", "bochs", "ramfb",
            "none", "vmvga", "xen", "vbox", "gop");
    public static final List<String> TPM_BACKENDS = List.of("emulator", "passthrough");
    public static final List<String> TPM_VERSIONS = List.of("2.0", "1.2");
    public static final List<String> RNG_BACKENDS = List.of("random", "egd");
    public static final List<String> RNG_SOURCES = List.of("/dev/urandom", "/dev/random", "/dev/hwrng");
    public static final List<String> EGD_TRANSPORTS = List.of("tcp", "udp");
    /** Controller types Add Hardware offers, as virt-manager does. */
    public static final List<String> CONTROLLER_TYPES = List.of("usb", "scsi", "virtio-serial", "sata", "ide", "fdc",
            "ccid");
    /** Channels Add Hardware offers: the QEMU guest agent and the SPICE agent. */
    public static final List<String> CHANNEL_NAMES = List.of("org.qemu.guest_agent.0", "com.redhat.spice.0");

    private DeviceChoices() {
    }

    /** The models a controller of that type may name; empty for types without a model. */
    public static List<String> controllerModels(String type) {
        return switch (type) {
            case "usb" -> List.of("qemu-xhci", "nec-xhci", "ich9-ehci1", "ich9-uhci1", "ich9-uhci2", "ich9-uhci3",
                    "ehci", "piix3-uhci", "piix4-uhci", "vt82c686b-uhci", "pci-ohci", "qusb1", "qusb2", "none");
            case "scsi" -> List.of("virtio-scsi", "lsilogic", "lsisas1068", "lsisas1078", "buslogic", "vmpvscsi",
                    "ibmvscsi", "auto", "virtio-transitional", "virtio-non-transitional", "ncr53c90", "dc390",
                    "am53c974");
            case "virtio-serial" -> List.of("virtio", "virtio-transitional", "virtio-non-transitional");
            case "ide" -> List.of("piix3", "piix4", "ich6");
            case "pci" -> List.of("pci-root", "pcie-root", "pci-bridge", "dmi-to-pci-bridge", "pcie-to-pci-bridge",
                    "pcie-root-port", "pcie-switch-upstream-port", "pcie-switch-downstream-port", "pci-expander-bus",
                    "pcie-expander-bus");
            default -> List.of();
        };
    }
}
