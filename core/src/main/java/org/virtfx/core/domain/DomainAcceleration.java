package org.virtfx.core.domain;

import java.util.Optional;

/**
 * What runs a domain's guest code and why, as a VM window's Overview shows it: the hypervisor
 * in virt-manager's words ("KVM", or "QEMU TCG" for QEMU's software emulation) and the
 * driver's reason, since a guest ten times slower than expected needs explaining.
 *
 * @param hypervisor "KVM" or "QEMU TCG"
 * @param reason why, in the driver's words ("/dev/kvm cannot be opened (No such file or
 *     directory)"); never empty
 * @param inEffect true when the running domain uses it, false when it is what the domain's
 *     next start would use
 */
public record DomainAcceleration(String hypervisor, String reason, boolean inEffect) {
    public static final String KVM = "KVM";
    public static final String TCG = "QEMU TCG";

    public DomainAcceleration {
        if (hypervisor.isBlank() || reason.isBlank()) {
            throw new IllegalArgumentException("an acceleration needs a hypervisor and a reason");
        }
    }

    /**
     * What a daemon's QEMU driver runs a domain of this {@code <domain type>} with: libvirt
     * starts a {@code kvm} domain only with KVM and a {@code qemu} one only with TCG, so the type
     * alone says it; other types (test, lxc, xen) are not QEMU's and give nothing.
     */
    public static Optional<DomainAcceleration> ofDomainType(String type, boolean active) {
        return switch (type) {
            case "kvm" -> Optional.of(new DomainAcceleration(KVM, "the domain's type is 'kvm'", active));
            case "qemu" -> Optional.of(new DomainAcceleration(TCG, "the domain's type is 'qemu'", active));
            default -> Optional.empty();
        };
    }

    /** The reason as the Overview shows it, "at the next start" for a domain that is off. */
    public String explanation() {
        return inEffect ? reason : reason + " (at the next start)";
    }
}
