package org.virtfx.drivers.test;

import java.util.function.IntPredicate;
import org.virtfx.core.xml.XmlElement;

/**
 * What libvirt's test driver adds to a domain beyond the parser's own defaults: the one
 * architecture its capabilities offer (i686), and a {@code testnetN} name for each interface
 * that has none.
 */
final class TestDomainDefaults {

    private TestDomainDefaults() {
    }

    /**
     * Adds the defaults to a parsed domain, before {@link org.virtfx.core.domain.DomainXml} adds
     * the generic ones (which would otherwise take the host's architecture).
     *
     * @param ifnameTaken whether {@code testnetN} is already used by another domain
     */
    static void apply(XmlElement domain, IntPredicate ifnameTaken) {
        domain.child("os").flatMap(os -> os.child("type")).ifPresent(type -> {
            if (type.attribute("arch").isEmpty()) {
                type.setAttribute("arch", "i686");
            }
        });
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
}
