package org.virtfx.drivers.qemu.argv;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.xml.XmlElement;

/**
 * A view of a domain XML element that remembers what the command-line builder read. Whatever
 * is left unread once the command line is built is something QEMU would not be told about, so
 * {@link #refuseUnread()} turns it into libvirt's "unsupported configuration" error instead of
 * letting it be silently ignored.
 */
final class DomainNode {
    private final XmlElement element;
    private final Reads reads;

    private DomainNode(XmlElement element, Reads reads) {
        this.element = element;
        this.reads = reads;
        reads.elements.add(element);
    }

    static DomainNode root(XmlElement element) {
        return new DomainNode(element, new Reads());
    }

    String name() {
        return element.name();
    }

    /** The element read, for telling which device of its kind it is. */
    XmlElement element() {
        return element;
    }

    Optional<String> attr(String name) {
        reads.attributes.computeIfAbsent(element, e -> new java.util.HashSet<>()).add(name);
        return element.attribute(name);
    }

    String attr(String name, String fallback) {
        return attr(name).orElse(fallback);
    }

    /** An attribute that must be there; its absence is the XML's fault. */
    String required(String name) {
        return attr(name).orElseThrow(() -> VirtException.of(ErrorCode.XML_DETAIL,
                "missing attribute '" + name + "' of <" + element.name() + "> at " + element.position()));
    }

    /** An attribute that may only take the values given (the first is what absence means). */
    String oneOf(String name, String... allowed) {
        String value = attr(name, allowed[0]);
        for (String a : allowed) {
            if (a.equals(value)) {
                return value;
            }
        }
        throw unsupported(name + "='" + value + "' of <" + element.name() + ">");
    }

    Optional<DomainNode> child(String name) {
        return element.child(name).map(e -> new DomainNode(e, reads));
    }

    List<DomainNode> children(String name) {
        List<DomainNode> list = new ArrayList<>();
        for (XmlElement e : element.children(name)) {
            list.add(new DomainNode(e, reads));
        }
        return list;
    }

    String text() {
        return element.text();
    }

    Optional<String> childText(String name) {
        return child(name).map(DomainNode::text);
    }

    /** Marks a child and all it holds as read: it has no effect on the command line by nature. */
    void irrelevant(String childName) {
        for (XmlElement e : element.children(childName)) {
            markAll(e);
        }
    }

    private void markAll(XmlElement e) {
        reads.elements.add(e);
        reads.attributes.computeIfAbsent(e, x -> new java.util.HashSet<>()).addAll(e.attributes().keySet());
        e.children().forEach(this::markAll);
    }

    /** Throws for the first element or attribute under this one that nothing read. */
    void refuseUnread() {
        check(element, null);
    }

    private void check(XmlElement e, XmlElement parent) {
        if (!reads.elements.contains(e)) {
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED,
                    ErrorCode.CONFIG_UNSUPPORTED.prefix() + ": <" + e.name() + "> in <"
                            + (parent == null ? "" : parent.name()) + "> is not supported by this driver",
                    e.position(), null);
        }
        Set<String> read = reads.attributes.getOrDefault(e, Collections.emptySet());
        for (String a : e.attributes().keySet()) {
            if (!read.contains(a) && !a.startsWith("xmlns")) {
                throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED,
                        ErrorCode.CONFIG_UNSUPPORTED.prefix() + ": attribute '" + a + "' of <" + e.name()
                                + "> is not supported by this driver", e.position(), null);
            }
        }
        for (XmlElement c : e.children()) {
            check(c, e);
        }
    }

    /** A whole number from the XML; anything else is the XML's fault, named. */
    static int integer(String value) {
        try {
            return Integer.decode(value.trim());
        } catch (NumberFormatException e) {
            throw VirtException.of(ErrorCode.XML_DETAIL, "expected a whole number but got '" + value + "'");
        }
    }

    /** libvirt's wording for a setting this driver cannot honour. */
    static VirtException unsupported(String what) {
        return VirtException.of(ErrorCode.CONFIG_UNSUPPORTED, what + " is not supported by this driver");
    }

    /** What was read, shared by every node of one document; identity, since equal elements differ. */
    private static final class Reads {
        final Set<XmlElement> elements = Collections.newSetFromMap(new IdentityHashMap<>());
        final Map<XmlElement, Set<String>> attributes = new IdentityHashMap<>();
    }
}
