package org.virtfx.core.domain;

import java.util.Optional;
import java.util.function.Predicate;
import org.virtfx.core.xml.XmlElement;

/**
 * A domain's {@code <metadata>}, where each application keeps one element in a namespace of its
 * own (libvirt keeps foreign namespaces verbatim): VirtFX's tags, virt-manager's libosinfo OS.
 */
public final class DomainMetadata {

    private DomainMetadata() {
    }

    /** The first element of {@code <metadata>} that {@code mine} recognises. */
    public static Optional<XmlElement> find(XmlElement domain, Predicate<XmlElement> mine) {
        return domain.child("metadata").flatMap(m -> m.children().stream().filter(mine).findFirst());
    }

    /**
     * Puts {@code replacement} where the element {@code mine} recognises was; empty removes that
     * element, and the {@code <metadata>} too if nothing else is left in it. A new
     * {@code <metadata>} goes where libvirt writes it: after description, title, uuid or name.
     */
    public static void put(XmlElement domain, Predicate<XmlElement> mine, Optional<XmlElement> replacement) {
        Optional<XmlElement> metadata = domain.child("metadata");
        metadata.ifPresent(m -> find(domain, mine).ifPresent(m::remove));
        if (replacement.isEmpty()) {
            metadata.filter(m -> m.children().isEmpty()).ifPresent(domain::remove);
            return;
        }
        XmlElement holder = metadata.orElseGet(() -> {
            XmlElement created = new XmlElement("metadata");
            String previous = domain.child("description").isPresent() ? "description"
                    : domain.child("title").isPresent() ? "title"
                    : domain.child("uuid").isPresent() ? "uuid" : "name";
            domain.insertAfter(previous, created);
            return created;
        });
        holder.append(replacement.get());
    }
}
