package org.virtfx.app.settings;

import java.util.Optional;

/**
 * Preferences ▸ New VM, as virt-manager's: what a new machine gets unless the person changes
 * it. Each choice has the key the settings file stores and the words Preferences shows.
 */
public record NewVmDefaults(Graphics graphics, StorageFormat storageFormat, CpuDefault cpu, Firmware firmware) {
    public static final NewVmDefaults SYSTEM = new NewVmDefaults(Graphics.SYSTEM, StorageFormat.SYSTEM,
            CpuDefault.HYPERVISOR, Firmware.SYSTEM);

    public NewVmDefaults {
        java.util.Objects.requireNonNull(graphics);
        java.util.Objects.requireNonNull(storageFormat);
        java.util.Objects.requireNonNull(cpu);
        java.util.Objects.requireNonNull(firmware);
    }

    /** The format of a new disk image: qcow2 unless raw is chosen. */
    public String imageFormat() {
        return storageFormat == StorageFormat.RAW ? "raw" : "qcow2";
    }

    /** The {@code <graphics type>} of a new machine. */
    public String graphicsType() {
        return graphics == Graphics.SPICE ? "spice" : "vnc";
    }

    public NewVmDefaults withGraphics(Graphics value) {
        return new NewVmDefaults(value, storageFormat, cpu, firmware);
    }

    public NewVmDefaults withStorageFormat(StorageFormat value) {
        return new NewVmDefaults(graphics, value, cpu, firmware);
    }

    public NewVmDefaults withCpu(CpuDefault value) {
        return new NewVmDefaults(graphics, storageFormat, value, firmware);
    }

    public NewVmDefaults withFirmware(Firmware value) {
        return new NewVmDefaults(graphics, storageFormat, cpu, value);
    }

    /** A choice stored under a key. */
    public interface Choice {
        String key();
    }

    /** "Graphics type". */
    public enum Graphics implements Choice {
        SYSTEM("system", "System default (vnc)"), VNC("vnc", "VNC"), SPICE("spice", "Spice");

        private final String key;
        private final String label;

        Graphics(String key, String label) {
            this.key = key;
            this.label = label;
        }

        @Override
        public String key() {
            return key;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** "Storage format" of new disk images. */
    public enum StorageFormat implements Choice {
        SYSTEM("default", "System default (qcow2)"), RAW("raw", "Raw"), QCOW2("qcow2", "QCOW2");

        private final String key;
        private final String label;

        StorageFormat(String key, String label) {
            this.key = key;
            this.label = label;
        }

        @Override
        public String key() {
            return key;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** "CPU default": the {@code <cpu mode>} of a new machine, none for the hypervisor's default. */
    public enum CpuDefault implements Choice {
        HYPERVISOR("hv-default", "Hypervisor default", ""), HOST_MODEL("host-model", "host-model", "host-model"),
        HOST_PASSTHROUGH("host-passthrough", "host-passthrough", "host-passthrough");

        private final String key;
        private final String label;
        private final String mode;

        CpuDefault(String key, String label, String mode) {
            this.key = key;
            this.label = label;
            this.mode = mode;
        }

        @Override
        public String key() {
            return key;
        }

        /** The {@code <cpu mode>}; empty for no {@code <cpu>} element. */
        public String mode() {
            return mode;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** "x86 Firmware": UEFI is {@code <os firmware='efi'>}. */
    public enum Firmware implements Choice {
        SYSTEM("default", "System default"), UEFI("uefi", "UEFI");

        private final String key;
        private final String label;

        Firmware(String key, String label) {
            this.key = key;
            this.label = label;
        }

        @Override
        public String key() {
            return key;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** The value of {@code type} a settings file names, or empty for an unknown key. */
    static <E extends Enum<E> & Choice> Optional<E> ofKey(Class<E> type, String key) {
        for (E value : type.getEnumConstants()) {
            if (value.key().equals(key)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
