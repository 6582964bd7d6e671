package org.virtfx.core.xml;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/** The {@code <uuid>} element every libvirt object has: read it, or add a new one after {@code <name>}. */
public final class Uuids {
    private static final Pattern HEX32 = Pattern.compile("[0-9a-fA-F]{32}");

    private Uuids() {
    }

    /**
     * The object's UUID in canonical form. libvirt accepts it with or without dashes; a missing
     * one is generated and written into the element.
     */
    public static UUID readOrAssign(XmlElement root, String source) {
        Optional<String> text = root.childText("uuid");
        if (text.isEmpty()) {
            UUID generated = UUID.randomUUID();
            root.insertAfter("name", new XmlElement("uuid").setText(generated.toString()));
            return generated;
        }
        String hex = text.get().replace("-", "").replace(" ", "");
        if (!HEX32.matcher(hex).matches()) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, "internal error: malformed uuid element",
                    source + ": '" + text.get() + "'", null);
        }
        UUID uuid = new UUID(Long.parseUnsignedLong(hex.substring(0, 16), 16),
                Long.parseUnsignedLong(hex.substring(16), 16));
        root.child("uuid").orElseThrow().setText(uuid.toString());
        return uuid;
    }

    /** The object's {@code <name>}, which libvirt requires and forbids a '/' in. */
    public static String requireName(XmlElement root, String source) {
        String name = root.childText("name").filter(s -> !s.isEmpty()).orElseThrow(() ->
                new VirtException(ErrorCode.XML_ERROR, "missing name information", source, null));
        if (name.contains("/")) {
            throw VirtException.of(ErrorCode.XML_ERROR, "name " + name + " cannot contain '/'");
        }
        return name;
    }

    /** Fails unless the document's root element has the expected name. */
    public static void requireRoot(XmlElement root, String expected, String source) {
        if (!root.name().equals(expected)) {
            throw new VirtException(ErrorCode.XML_ERROR, "XML error: expecting root element of '"
                    + expected + "', not '" + root.name() + "'", source, null);
        }
    }
}
