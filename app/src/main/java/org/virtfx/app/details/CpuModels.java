package org.virtfx.app.details;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The Model combo's entries, as virt-manager lists them: "Hypervisor Default" (no model of our
 * choosing), the special modes, then named models. Without domain capabilities to ask, the
 * named models are libvirt's x86 CPU map for x86 guests; other architectures get the special
 * modes only.
 */
public final class CpuModels {
    public static final String HYPERVISOR_DEFAULT = "Hypervisor Default";
    /** libvirt's {@code <cpu mode>} values besides custom. */
    public static final Set<String> SPECIAL_MODES = Set.of("host-model", "host-passthrough", "maximum");

    private static final List<String> X86 = List.of("486", "pentium", "pentium2", "pentium3", "pentiumpro", "coreduo",
            "n270", "core2duo", "qemu32", "kvm32", "cpu64-rhel5", "cpu64-rhel6", "qemu64", "kvm64", "Conroe",
            "Penryn", "Nehalem", "Westmere", "SandyBridge", "IvyBridge", "Haswell", "Broadwell", "Skylake-Client",
            "Skylake-Server", "Cascadelake-Server", "Cooperlake", "Icelake-Server", "SapphireRapids", "athlon",
            "phenom", "Opteron_G1", "Opteron_G2", "Opteron_G3", "Opteron_G4", "Opteron_G5", "EPYC", "EPYC-Rome",
            "EPYC-Milan", "Dhyana");

    private CpuModels() {
    }

    /** The choices for a guest of {@code arch} ("x86_64", "i686", "aarch64"…). */
    public static List<String> forArch(String arch) {
        List<String> models = new ArrayList<>(List.of(HYPERVISOR_DEFAULT, "host-model", "host-passthrough", "maximum"));
        if (arch.isEmpty() || arch.equals("x86_64") || arch.matches("i[3-6]86")) {
            models.addAll(X86);
        }
        return List.copyOf(models);
    }
}
