package org.virtfx.app.settings;

import java.util.List;

/**
 * Preferences ▸ New VM, as virt-manager's: what a new machine gets unless the person changes
 * it. Each field holds the key of one {@link Option} of its list, as the settings file stores it.
 */
public record NewVmDefaults(String graphics, String storageFormat, String cpu, String firmware) {

    /** One choice: the key the settings file stores and the words Preferences shows. */
    public record Option(String key, String label) {
        @Override
        public String toString() {
            return label;
        }
    }

    /** "Graphics type". */
    public static final List<Option> GRAPHICS = List.of(new Option("system", "System default (vnc)"),
            new Option("vnc", "VNC"), new Option("spice", "Spice"));
    /** "Storage format" of new disk images. */
    public static final List<Option> STORAGE_FORMATS = List.of(new Option("default", "System default (qcow2)"),
            new Option("raw", "Raw"), new Option("qcow2", "QCOW2"));
    /** "CPU default": the {@code <cpu mode>} of a new machine; none for the hypervisor's default. */
    public static final List<Option> CPUS = List.of(new Option("hv-default", "Hypervisor default"),
            new Option("host-model", "host-model"), new Option("host-passthrough", "host-passthrough"));
    /** "x86 Firmware": UEFI is {@code <os firmware='efi'>}. */
    public static final List<Option> FIRMWARES = List.of(new Option("default", "System default"),
            new Option("uefi", "UEFI"));

    public static final NewVmDefaults SYSTEM = new NewVmDefaults("system", "default", "hv-default", "default");

    /** @throws IllegalArgumentException naming the field and its keys when a key is not one of them */
    public NewVmDefaults {
        require(GRAPHICS, "graphics", graphics);
        require(STORAGE_FORMATS, "storage-format", storageFormat);
        require(CPUS, "cpu", cpu);
        require(FIRMWARES, "firmware", firmware);
    }

    private static void require(List<Option> options, String field, String key) {
        if (options.stream().noneMatch(o -> o.key().equals(key))) {
            throw new IllegalArgumentException(field + " must be one of " + options.stream().map(Option::key).toList()
                    + ", not '" + key + "'");
        }
    }

    /** The format of a new disk image: qcow2 unless raw is chosen. */
    public String imageFormat() {
        return storageFormat.equals("raw") ? "raw" : "qcow2";
    }

    /** The {@code <graphics type>} of a new machine. */
    public String graphicsType() {
        return graphics.equals("spice") ? "spice" : "vnc";
    }

    /** The {@code <cpu mode>} of a new machine; empty for no {@code <cpu>} element. */
    public String cpuMode() {
        return cpu.equals("hv-default") ? "" : cpu;
    }

    public boolean uefi() {
        return firmware.equals("uefi");
    }

    public NewVmDefaults withGraphics(String key) {
        return new NewVmDefaults(key, storageFormat, cpu, firmware);
    }

    public NewVmDefaults withStorageFormat(String key) {
        return new NewVmDefaults(graphics, key, cpu, firmware);
    }

    public NewVmDefaults withCpu(String key) {
        return new NewVmDefaults(graphics, storageFormat, key, firmware);
    }

    public NewVmDefaults withFirmware(String key) {
        return new NewVmDefaults(graphics, storageFormat, cpu, key);
    }
}
