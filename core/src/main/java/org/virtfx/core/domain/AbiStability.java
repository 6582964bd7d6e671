package org.virtfx.core.domain;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlParser;

/**
 * Whether a guest running with one definition (the source) could carry on under another (the
 * target) without noticing, as libvirt's {@code virDomainDefCheckABIStability} decides before a
 * running domain loads a snapshot's state: same virt type, maximum memory and vCPUs, OS type,
 * architecture and machine, and the same devices, with each disk's device, bus and target and
 * each NIC's MAC and model. Checked in libvirt's order, with its words for the first difference.
 * The volatile parts (current memory, tap names, aliases, metadata) are not compared, as
 * libvirt skips them for a revert.
 */
public final class AbiStability {
    /** The device kinds whose counts libvirt compares, in its order, with its name for each. */
    private static final List<String[]> COUNTED = List.of(
            new String[] {"controller", "controller count"},
            new String[] {"filesystem", "filesystem count"},
            new String[] {"interface", "net card count"},
            new String[] {"input", "input device count"},
            new String[] {"sound", "sound card count"},
            new String[] {"video", "video card count"},
            new String[] {"hostdev", "host device count"},
            new String[] {"serial", "serial port count"},
            new String[] {"parallel", "parallel port count"},
            new String[] {"channel", "channel count"},
            new String[] {"console", "console count"},
            new String[] {"watchdog", "watchdog count"},
            new String[] {"memballoon", "memory balloon count"},
            new String[] {"rng", "RNG device count"},
            new String[] {"panic", "panic device count"},
            new String[] {"tpm", "TPM device count"});

    private final XmlParser parser = new XmlParser();

    /**
     * The first difference that would break the guest, in libvirt's words ("Target domain max
     * memory 262144 does not match source 524288"), or empty when the target is compatible.
     */
    public Optional<String> firstDifference(DomainDefinition source, DomainDefinition target) {
        XmlElement src = parser.parse(source.xml(), source.name());
        XmlElement dst = parser.parse(target.xml(), target.name());
        Optional<String> found = differ("Target domain virt type", source.hypervisorType(), target.hypervisorType())
                .or(() -> source.memoryKiB() == target.memoryKiB() ? Optional.empty()
                        : Optional.of("Target domain max memory " + target.memoryKiB() + " does not match source "
                        + source.memoryKiB()))
                .or(() -> source.maxVcpus() == target.maxVcpus() ? Optional.empty()
                        : Optional.of("Target domain vCPU max " + target.maxVcpus() + " does not match source "
                        + source.maxVcpus()))
                .or(() -> differ("Target domain OS type", source.osType(), target.osType()))
                .or(() -> differ("Target domain architecture", osType(src, "arch"), osType(dst, "arch")))
                .or(() -> differ("Target domain machine type", osType(src, "machine"), osType(dst, "machine")))
                .or(() -> disks(devices(src, "disk"), devices(dst, "disk")));
        for (String[] kind : COUNTED) {
            if (found.isPresent()) {
                return found;
            }
            List<XmlElement> a = devices(src, kind[0]);
            List<XmlElement> b = devices(dst, kind[0]);
            found = a.size() != b.size()
                    ? Optional.of("Target domain " + kind[1] + " " + b.size() + " does not match source " + a.size())
                    : pairwise(a, b, kind[0]);
        }
        return found;
    }

    private static Optional<String> disks(List<XmlElement> src, List<XmlElement> dst) {
        if (src.size() != dst.size()) {
            return Optional.of("Target domain disk count " + dst.size() + " does not match source " + src.size());
        }
        for (int i = 0; i < src.size(); i++) {
            XmlElement a = src.get(i);
            XmlElement b = dst.get(i);
            Optional<String> found = differ("Target disk device", a.attribute("device").orElse("disk"),
                    b.attribute("device").orElse("disk"))
                    .or(() -> differ("Target disk bus", target(a, "bus"), target(b, "bus")))
                    .or(() -> differ("Target disk", target(a, "dev"), target(b, "dev")));
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> pairwise(List<XmlElement> src, List<XmlElement> dst, String kind) {
        for (int i = 0; i < src.size(); i++) {
            XmlElement a = src.get(i);
            XmlElement b = dst.get(i);
            Optional<String> found = switch (kind) {
                case "interface" -> differ("Target network card mac", child(a, "mac", "address"),
                        child(b, "mac", "address"))
                        .or(() -> differ("Target network card model", child(a, "model", "type"),
                                child(b, "model", "type")));
                case "video" -> differ("Target video card model", child(a, "model", "type"), child(b, "model", "type"));
                default -> Optional.empty();
            };
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> differ(String what, String source, String target) {
        return Objects.equals(source, target) ? Optional.empty()
                : Optional.of(what + " " + target + " does not match source " + source);
    }

    private static List<XmlElement> devices(XmlElement domain, String kind) {
        return domain.child("devices").map(d -> d.children(kind)).orElse(List.of());
    }

    private static String osType(XmlElement domain, String attribute) {
        return domain.child("os").flatMap(os -> os.child("type")).flatMap(t -> t.attribute(attribute)).orElse("");
    }

    private static String target(XmlElement disk, String attribute) {
        return child(disk, "target", attribute);
    }

    private static String child(XmlElement device, String child, String attribute) {
        return device.child(child).flatMap(c -> c.attribute(attribute)).orElse("");
    }
}
