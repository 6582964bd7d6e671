package org.virtfx.app.details;

import org.virtfx.core.xml.XmlElement;

/**
 * Where new elements go. libvirt formats children in a fixed order; inserting after the last
 * of the elements that precede the new one keeps that order and keeps repeated elements
 * (initarg, boot) in the order they were added.
 */
final class XmlPlacement {
    private XmlPlacement() {
    }

    /** Inserts {@code child} after the last child named any of {@code anchors}; appends if none. */
    static void afterLast(XmlElement parent, XmlElement child, String... anchors) {
        int at = -1;
        for (XmlElement existing : parent.children()) {
            for (String anchor : anchors) {
                if (existing.name().equals(anchor)) {
                    at = Math.max(at, parent.contentIndex(existing));
                }
            }
        }
        if (at < 0) {
            parent.append(child);
        } else {
            parent.insert(at + 1, child);
        }
    }
}
