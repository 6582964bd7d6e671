package org.virtfx.plumbing.storage;

import java.util.Optional;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.xml.XmlElement;

/**
 * A {@code <permissions>} element of pool or volume XML: octal mode, numeric owner and group,
 * each -1 when not given (libvirt's "leave as it is").
 */
record Permissions(int mode, long owner, long group) {
    static final Permissions UNSET = new Permissions(-1, -1, -1);

    /** The {@code <permissions>} child of {@code parent}, or {@link #UNSET}. */
    static Permissions read(Optional<XmlElement> parent) {
        Optional<XmlElement> element = parent.flatMap(p -> p.child("permissions"));
        if (element.isEmpty()) {
            return UNSET;
        }
        XmlElement permissions = element.get();
        int mode = -1;
        Optional<String> modeText = permissions.childText("mode").map(String::strip);
        if (modeText.isPresent()) {
            try {
                mode = Integer.parseInt(modeText.get(), 8);
            } catch (NumberFormatException e) {
                mode = -2;
            }
            if (mode < 0 || mode > 0777) {
                throw VirtException.of(ErrorCode.XML_ERROR, "malformed octal mode '" + modeText.get() + "'");
            }
        }
        return new Permissions(mode, id(permissions, "owner"), id(permissions, "group"));
    }

    private static long id(XmlElement permissions, String element) {
        Optional<String> text = permissions.childText(element).map(String::strip);
        if (text.isEmpty() || text.get().equals("-1")) {
            return -1;
        }
        try {
            long id = Long.parseLong(text.get());
            if (id >= 0 && id <= 0xFFFFFFFFL) {
                return id;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw VirtException.of(ErrorCode.XML_ERROR, "malformed " + element + " element");
    }

    /** libvirt's {@code <permissions>} output: only what is set, mode in octal with a leading 0. */
    XmlElement element() {
        XmlElement permissions = new XmlElement("permissions");
        if (mode >= 0) {
            permissions.append(new XmlElement("mode").setText("0" + Integer.toOctalString(mode)));
        }
        if (owner >= 0) {
            permissions.append(new XmlElement("owner").setText(Long.toString(owner)));
        }
        if (group >= 0) {
            permissions.append(new XmlElement("group").setText(Long.toString(group)));
        }
        return permissions;
    }
}
