package org.virtfx.drivers.qemu;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.virtfx.core.domain.DomainAcceleration;
import org.virtfx.drivers.qemu.argv.Accel;

/**
 * How a VM runs its guest code and why: a {@code kvm} domain gets KVM when the KVM device opens
 * for reading and writing (what QEMU needs), TCG otherwise; a {@code qemu} domain asks for TCG.
 * The reason is shown with the running VM, since a guest ten times slower needs explaining.
 */
public record Acceleration(Accel accel, String reason) {

    static Acceleration choose(String domainType, Path kvmDevice) {
        if (domainType.equals("qemu")) {
            return new Acceleration(Accel.TCG, "TCG: the domain's type is 'qemu'");
        }
        try (FileChannel ignored = FileChannel.open(kvmDevice, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return new Acceleration(Accel.KVM, "KVM: " + kvmDevice + " opened for reading and writing");
        } catch (IOException | RuntimeException e) {
            return new Acceleration(Accel.TCG, "TCG: KVM is unavailable, " + kvmDevice + " cannot be opened ("
                    + describe(e) + ")");
        }
    }

    /**
     * The overview's form: virt-manager's name for the hypervisor and the reason without the
     * accelerator's name in front, which {@link #reason()} carries for the live XML's note.
     *
     * @param inEffect whether a running VM uses it (else the next start would)
     */
    public DomainAcceleration summary(boolean inEffect) {
        String prefix = accel.name() + ": ";
        String why = reason.startsWith(prefix) ? reason.substring(prefix.length()) : reason;
        return new DomainAcceleration(accel == Accel.KVM ? DomainAcceleration.KVM : DomainAcceleration.TCG, why,
                inEffect);
    }

    private static String describe(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "Permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
