package org.virtfx.app.wizard;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How a new machine boots UEFI on its connection. libvirt chooses the firmware itself from
 * {@code <os firmware='efi'>} ({@link #AUTO}); VirtFX's own QEMU driver does not select
 * firmware, so it is named: a read-only pflash {@code <loader>} and a per-VM {@code <nvram>}
 * copied from its template.
 *
 * @param code the firmware's code image, empty for {@link #AUTO} or when none is installed
 * @param varsTemplate the empty variable store each new machine starts from
 */
public record UefiFirmware(boolean auto, String code, String varsTemplate) {

    public static final UefiFirmware AUTO = new UefiFirmware(true, "", "");

    /** Debian's ovmf package: the 4 MiB build QEMU's own descriptor (60-edk2-x86_64.json) names. */
    static final Path OVMF_CODE = Path.of("/usr/share/OVMF/OVMF_CODE_4M.fd");
    static final Path OVMF_VARS = Path.of("/usr/share/OVMF/OVMF_VARS_4M.fd");

    /** The host's OVMF for a driver that needs it named; reads the file system, so off the FX thread. */
    static UefiFirmware installedOvmf() {
        return Files.isRegularFile(OVMF_CODE) && Files.isRegularFile(OVMF_VARS)
                ? new UefiFirmware(false, OVMF_CODE.toString(), OVMF_VARS.toString())
                : new UefiFirmware(false, "", "");
    }

    public boolean available() {
        return auto || !code.isEmpty();
    }
}
