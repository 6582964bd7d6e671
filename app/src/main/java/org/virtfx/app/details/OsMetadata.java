package org.virtfx.app.details;

import java.util.Optional;
import org.virtfx.core.domain.DomainMetadata;
import org.virtfx.core.xml.XmlElement;

/**
 * The guest OS as virt-manager records it, in the domain's {@code <metadata>}:
 * {@code <libosinfo:libosinfo xmlns:libosinfo="http://libosinfo.org/xmlns/libvirt/domain/1.0">
 * <libosinfo:os id="http://debian.org/debian/11"/></libosinfo:libosinfo>}. Other metadata (VirtFX's
 * tags, other tools' elements) stays untouched. The element is found by its namespace, whatever
 * prefix its writer chose.
 */
public final class OsMetadata {
    public static final String NAMESPACE = "http://libosinfo.org/xmlns/libvirt/domain/1.0";

    private OsMetadata() {
    }

    /** The recorded OS id, if any. */
    public static Optional<String> read(XmlElement domain) {
        return element(domain).flatMap(found -> found.child(qualified(found, "os")))
                .flatMap(os -> os.attribute("id")).filter(id -> !id.isBlank());
    }

    /**
     * Records {@code osId}, replacing the OS element of any earlier one; a blank id removes the
     * libosinfo element, and the {@code <metadata>} too if nothing else is left in it.
     */
    public static void write(XmlElement domain, String osId) {
        DomainMetadata.put(domain, OsMetadata::isLibosinfo, osId.isBlank() ? Optional.empty()
                : Optional.of(new XmlElement("libosinfo:libosinfo").setAttribute("xmlns:libosinfo", NAMESPACE)
                        .append(new XmlElement("libosinfo:os").setAttribute("id", osId))));
    }

    private static Optional<XmlElement> element(XmlElement domain) {
        return DomainMetadata.find(domain, OsMetadata::isLibosinfo);
    }

    private static boolean isLibosinfo(XmlElement e) {
        return NAMESPACE.equals(e.attributes().get(declaration(e))) && e.name().equals(qualified(e, "libosinfo"));
    }

    private static String declaration(XmlElement element) {
        int colon = element.name().indexOf(':');
        return colon < 0 ? "xmlns" : "xmlns:" + element.name().substring(0, colon);
    }

    /** {@code local} under the same prefix as {@code element}. */
    private static String qualified(XmlElement element, String local) {
        int colon = element.name().indexOf(':');
        return colon < 0 ? local : element.name().substring(0, colon + 1) + local;
    }
}
