package org.virtfx.drivers.test;

import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;
import org.virtfx.core.xml.XmlElement;

/**
 * What libvirt fills into a domain defined on the test driver, whose capabilities offer one
 * i686 guest with no machine types: the architecture, a boot device for hvm guests, the clock
 * and lifecycle actions, and a {@code testnetN} name for each interface that has none.
 */
final class TestDomainDefaults {
    /** libvirt's order of a domain's top-level elements, for inserting the ones we add. */
    private static final List<String> ORDER = List.of("name", "uuid", "genid", "title", "description",
            "metadata", "maxMemory", "memory", "currentMemory", "blkiotune", "memtune", "memoryBacking",
            "vcpu", "vcpus", "iothreads", "cputune", "numatune", "resource", "sysinfo", "bootloader",
            "bootloader_args", "os", "idmap", "features", "cpu", "clock", "on_poweroff", "on_reboot",
            "on_crash", "pm", "perf", "devices");

    private TestDomainDefaults() {
    }

    /**
     * Adds the defaults to a parsed domain.
     *
     * @param ifnameTaken whether {@code testnetN} is already used by another domain
     */
    static void apply(XmlElement domain, IntPredicate ifnameTaken) {
        domain.child("os").ifPresent(os -> os.child("type").ifPresent(type -> {
            if (type.attribute("arch").isEmpty()) {
                type.setAttribute("arch", "i686");
            }
            if (type.text().equals("hvm") && os.child("boot").isEmpty() && !hasDeviceBootOrder(domain)) {
                os.insertAfter("type", new XmlElement("boot").setAttribute("dev", "hd"));
            }
        }));
        addIfMissing(domain, new XmlElement("clock").setAttribute("offset", "utc"));
        addIfMissing(domain, new XmlElement("on_poweroff").setText("destroy"));
        addIfMissing(domain, new XmlElement("on_reboot").setText("restart"));
        addIfMissing(domain, new XmlElement("on_crash").setText("destroy"));
        domain.child("devices").ifPresent(devices -> nameInterfaces(devices, ifnameTaken));
    }

    private static void nameInterfaces(XmlElement devices, IntPredicate ifnameTaken) {
        int next = 0;
        for (XmlElement nic : devices.children("interface")) {
            if (nic.attribute("type").orElse("").equals("network")) {
                // Only network and portgroup stay: the test driver never has an "actual" bridge.
                nic.child("source").ifPresent(source -> source.removeAttribute("bridge"));
            }
            if (nic.child("target").flatMap(t -> t.attribute("dev")).isPresent()) {
                continue;
            }
            while (ifnameTaken.test(next)) {
                next++;
            }
            nic.insertAfter(nic.child("source").isPresent() ? "source" : "mac",
                    new XmlElement("target").setAttribute("dev", "testnet" + next));
            next++;
        }
    }

    private static boolean hasDeviceBootOrder(XmlElement domain) {
        return domain.child("devices").stream()
                .flatMap(devices -> devices.children().stream())
                .anyMatch(device -> device.child("boot").isPresent());
    }

    private static void addIfMissing(XmlElement domain, XmlElement element) {
        if (domain.child(element.name()).isPresent()) {
            return;
        }
        int rank = ORDER.indexOf(element.name());
        Set<String> before = Set.copyOf(ORDER.subList(0, rank));
        String previous = null;
        for (XmlElement child : domain.children()) {
            if (before.contains(child.name())) {
                previous = child.name();
            }
        }
        if (previous == null) {
            domain.append(element);
        } else {
            domain.insertAfter(previous, element);
        }
    }
}
