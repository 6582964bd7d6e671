package org.virtfx.drivers.qemu.argv;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * What the command line needs beyond the domain XML: facts of the host and of this start,
 * decided by the caller so that the builder itself never probes anything.
 *
 * @param accel KVM when /dev/kvm opens, TCG otherwise (the caller tries)
 * @param domainDir the domain's private directory: HOME and XDG_* of QEMU, VNC socket
 * @param monitorSocket where the QMP monitor listens
 * @param masterKey libvirt's per-domain secret file, or null for none
 * @param defaultNvram the per-VM UEFI variable store used when {@code <nvram>} names none
 * @param taps how QEMU reaches the taps of {@code network} and {@code bridge} interfaces,
 *             in the order of those interfaces
 * @param cdromDrive whether a block device is a CD-ROM drive (libvirt asks the kernel), which
 *                   QEMU opens as {@code host_cdrom} rather than {@code host_device}
 * @param searchPath PATH of QEMU; user the USER and LOGNAME it sees
 */
public record CommandLineContext(Accel accel, Path domainDir, Path monitorSocket, Path masterKey,
                                 Path defaultNvram, List<TapEnd> taps, HostEnds hostEnds, Predicate<String> cdromDrive,
                                 String searchPath, String user) {

    public CommandLineContext {
        Objects.requireNonNull(accel);
        Objects.requireNonNull(domainDir);
        Objects.requireNonNull(monitorSocket);
        Objects.requireNonNull(defaultNvram);
        taps = List.copyOf(taps);
        Objects.requireNonNull(hostEnds);
        Objects.requireNonNull(cdromDrive);
        Objects.requireNonNull(searchPath);
        Objects.requireNonNull(user);
    }

    /** Where QEMU's VNC server listens when {@code <listen type='socket'>} names no socket. */
    public static Path defaultVncSocket(Path domainDir) {
        return domainDir.resolve("vnc.sock");
    }
}
