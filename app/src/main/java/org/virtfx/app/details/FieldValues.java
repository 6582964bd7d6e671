package org.virtfx.app.details;

import java.util.List;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/**
 * Checks what a person typed or picked in a device form before it goes into XML, so a wrong
 * value is refused with the field's name instead of a schema error about an attribute.
 */
public final class FieldValues {
    private FieldValues() {
    }

    /** The value, stripped, if it is one of {@code allowed}. */
    public static String oneOf(String field, String value, List<String> allowed) {
        String v = value == null ? "" : value.strip();
        if (v.isEmpty()) {
            throw invalid(field + ": choose one of " + String.join(", ", allowed));
        }
        if (!allowed.contains(v)) {
            throw invalid(field + ": '" + v + "' is not one of " + String.join(", ", allowed));
        }
        return v;
    }

    public static String absolutePath(String field, String value) {
        String v = value == null ? "" : value.strip();
        if (!v.startsWith("/") || v.chars().anyMatch(Character::isWhitespace)) {
            throw invalid(field + ": give an absolute path, such as /dev/urandom");
        }
        return v;
    }

    /** A host name or address, without spaces or a port. */
    public static String host(String field, String value) {
        String v = value == null ? "" : value.strip();
        if (v.isEmpty() || !v.matches("[A-Za-z0-9._:\\-\\[\\]]+")) {
            throw invalid(field + ": give a host name or address, such as localhost or 192.168.1.10");
        }
        return v;
    }

    public static String port(String field, String value) {
        String v = value == null ? "" : value.strip();
        if (!v.matches("\\d{1,5}") || Integer.parseInt(v) < 1 || Integer.parseInt(v) > 65535) {
            throw invalid(field + ": give a port number from 1 to 65535");
        }
        return v;
    }

    /** An error a form shows as it is: the message names the field. */
    public static VirtException invalid(String message) {
        return new VirtException(ErrorCode.INVALID_ARG, message);
    }
}
