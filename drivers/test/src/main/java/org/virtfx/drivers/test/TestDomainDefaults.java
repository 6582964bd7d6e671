package org.virtfx.drivers.test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.xml.XmlElement;

/**
 * What libvirt's test driver adds to a domain beyond the parser's own defaults: the one
 * architecture its capabilities offer (i686), and a {@code testnetN} name for each interface
 * that has none.
 */
final class TestDomainDefaults {
    /** libvirt's test driver gives up after testnet1023. */
    private static final int MAX_INTERFACE_NAMES = 1024;

    private TestDomainDefaults() {
    }

    /**
     * Adds the defaults to a parsed domain, before {@link org.virtfx.core.domain.DomainXml} adds
     * the generic ones (which would otherwise take the host's architecture).
     */
    static void apply(XmlElement domain) {
        domain.child("os").flatMap(os -> os.child("type")).ifPresent(type -> {
            if (type.attribute("arch").isEmpty()) {
                type.setAttribute("arch", "i686");
            }
        });
        domain.child("devices").ifPresent(TestDomainDefaults::nameInterfaces);
    }

    /**
     * Names each unnamed interface {@code testnetN} with the lowest N that no interface of the
     * same domain uses, as libvirt's {@code testDomainGenerateIfnames} does: other domains'
     * names do not count, so every domain's first interface is {@code testnet0}.
     */
    private static void nameInterfaces(XmlElement devices) {
        List<XmlElement> nics = devices.children("interface");
        Set<String> taken = new HashSet<>();
        for (XmlElement nic : nics) {
            nic.child("target").flatMap(t -> t.attribute("dev")).ifPresent(taken::add);
        }
        int next = 0;
        for (XmlElement nic : nics) {
            if (nic.attribute("type").orElse("").equals("network")) {
                // Only network and portgroup stay: the test driver never has an "actual" bridge.
                nic.child("source").ifPresent(source -> source.removeAttribute("bridge"));
            }
            if (nic.child("target").flatMap(t -> t.attribute("dev")).isPresent()) {
                continue;
            }
            while (taken.contains("testnet" + next)) {
                next++;
            }
            if (next >= MAX_INTERFACE_NAMES) {
                throw VirtException.of(ErrorCode.INTERNAL_ERROR, "Exceeded max iface limit " + MAX_INTERFACE_NAMES);
            }
            String name = "testnet" + next;
            taken.add(name);
            nic.insertAfter(nic.child("source").isPresent() ? "source" : "mac",
                    new XmlElement("target").setAttribute("dev", name));
        }
    }
}
