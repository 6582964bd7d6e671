package org.virtfx.drivers.qemu;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.List;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.host.HostCapabilities;
import org.virtfx.core.host.VersionNumber;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlFormat;
import org.virtfx.core.xml.XmlParser;
import org.virtfx.drivers.qemu.argv.Accel;
import org.virtfx.plumbing.host.LinuxHost;
import org.virtfx.plumbing.host.LinuxHostFacts;

/**
 * The host facts of {@code qemu:///}, as libvirt's QEMU driver reports them: the real host's
 * node information and NUMA cells, and a capabilities document whose hvm guests are x86_64 and
 * i686 on {@code qemu-system-x86_64}, of domain type {@code qemu}, and {@code kvm} too when the
 * KVM device opens, each listing the machine types the binary offers ({@link MachineTypes}).
 */
final class QemuHostFacts extends LinuxHostFacts {
    private static final System.Logger LOG = System.getLogger(QemuHostFacts.class.getName());
    static final String EMULATOR = "/usr/bin/qemu-system-x86_64";

    private final Path kvmDevice;
    private final MachineTypes machineTypes = new MachineTypes();
    private VersionNumber qemuVersion;

    QemuHostFacts(LinuxHost host, Path kvmDevice) {
        super(host);
        this.kvmDevice = kvmDevice;
    }

    @Override
    public String driverName() {
        return QemuDriver.NAME;
    }

    @Override
    public String capabilitiesXml() {
        List<String> types = Acceleration.choose("kvm", kvmDevice).accel() == Accel.KVM ? List.of("qemu", "kvm")
                : List.of("qemu");
        List<HostCapabilities.Guest> guests = List.of(new HostCapabilities.Guest("hvm", "x86_64", 64, EMULATOR, types),
                new HostCapabilities.Guest("hvm", "i686", 32, EMULATOR, types));
        String xml = new HostCapabilities(host.uuid(), host.arch(), host.nodeInfo(), host.numaCells(), "none", guests)
                .xml();
        return withMachines(xml, machines());
    }

    /**
     * The binary's machine types, or none when it cannot list them (missing, or failing to
     * start): the rest of the capabilities stay readable for the wizard and the CLI, and a
     * start names the binary's fault itself.
     */
    private List<MachineTypes.Machine> machines() {
        try {
            return machineTypes.of(Path.of(EMULATOR));
        } catch (VirtException e) {
            LOG.log(Level.WARNING, "capabilities list no machine types: " + e.getMessage());
            return List.of();
        }
    }

    /**
     * The binary's machine types in each guest's {@code <arch>} after its emulator, where
     * libvirt lists the machines all of the arch's domain types share.
     */
    private static String withMachines(String xml, List<MachineTypes.Machine> machines) {
        XmlElement root = new XmlParser().parse(xml, "capabilities");
        for (XmlElement guest : root.children("guest")) {
            XmlElement arch = guest.child("arch").orElseThrow();
            int at = arch.contentIndex(arch.child("emulator").orElseThrow());
            for (MachineTypes.Machine machine : machines) {
                arch.insert(++at, machine.xml());
            }
        }
        return XmlFormat.format(root);
    }

    @Override
    public String hypervisorType() {
        return "QEMU";
    }

    /** QEMU's version, as {@code virsh version} shows it: what {@code -version} prints, asked once. */
    @Override
    public synchronized VersionNumber hypervisorVersion() {
        if (qemuVersion == null) {
            qemuVersion = askVersion();
        }
        return qemuVersion;
    }

    private static VersionNumber askVersion() {
        try {
            Process p = new ProcessBuilder(EMULATOR, "-version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            p.waitFor();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("version (\\d+)\\.(\\d+)\\.(\\d+)").matcher(out);
            if (m.find()) {
                return new VersionNumber(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3)));
            }
            throw VirtException.of(ErrorCode.INTERNAL_ERROR, "cannot read the version of " + EMULATOR + " from: " + out.strip());
        } catch (java.io.IOException e) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, "Cannot find QEMU binary " + EMULATOR + ": " + e.getMessage(),
                    e.toString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw VirtException.of(ErrorCode.OPERATION_ABORTED, "interrupted while asking QEMU's version");
        }
    }
}
