package org.virtfx.core.xml;

import java.util.Locale;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/** Sizes with libvirt's unit suffixes: {@code KB} is 1,000 bytes, {@code KiB} and {@code k} are 1,024. */
public final class ScaledSize {

    private ScaledSize() {
    }

    /** Bytes per unit, as libvirt reads {@code unit='...'} attributes. */
    public static long multiplier(String unit) {
        String u = unit.toLowerCase(Locale.ROOT);
        if (u.isEmpty() || u.equals("b") || u.equals("byte") || u.equals("bytes")) {
            return 1;
        }
        int power = switch (u.charAt(0)) {
            case 'k' -> 1;
            case 'm' -> 2;
            case 'g' -> 3;
            case 't' -> 4;
            case 'p' -> 5;
            case 'e' -> 6;
            default -> throw unknown(unit);
        };
        String rest = u.substring(1);
        long base = switch (rest) {
            case "", "ib" -> 1024;
            case "b" -> 1000;
            default -> throw unknown(unit);
        };
        long m = 1;
        for (int i = 0; i < power; i++) {
            m = Math.multiplyExact(m, base);
        }
        return m;
    }

    /** A value with its unit, in KiB (rounded up, as libvirt does for memory). */
    public static long toKiB(String value, String unit, String where) {
        return (toBytes(value, unit == null ? "KiB" : unit, where) + 1023) / 1024;
    }

    /** A value with its unit, in bytes. */
    public static long toBytes(String value, String unit, String where) {
        long number;
        try {
            number = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw VirtException.of(ErrorCode.XML_ERROR, "invalid value '" + value + "' for " + where);
        }
        if (number < 0) {
            throw VirtException.of(ErrorCode.XML_ERROR, "negative value '" + value + "' for " + where);
        }
        long bytes;
        try {
            bytes = Math.multiplyExact(number, multiplier(unit));
        } catch (ArithmeticException e) {
            throw VirtException.of(ErrorCode.OPERATION_INVALID, "value too large: " + value + " " + unit);
        }
        return bytes;
    }

    /**
     * A size as virsh's scaled options take one ({@code vshCommandOptScaledInt}): decimal digits,
     * then a unit suffix ("10M", "1GiB", "5GB"), or none for {@code defaultUnit}; in bytes. The
     * callers word the failures as their commands do, so each kind has its own exception.
     *
     * @throws NumberFormatException when the text does not start with digits, or they overflow a long
     * @throws VirtException libvirt's "unknown suffix" for a suffix it does not know
     * @throws ArithmeticException when the size in bytes overflows a long
     */
    public static long parseScaled(String text, String defaultUnit) {
        int end = 0;
        while (end < text.length() && text.charAt(end) >= '0' && text.charAt(end) <= '9') {
            end++;
        }
        if (end == 0) {
            throw new NumberFormatException("no digits at the start of '" + text + "'");
        }
        long number = Long.parseLong(text.substring(0, end));
        String suffix = text.substring(end);
        return Math.multiplyExact(number, multiplier(suffix.isEmpty() ? defaultUnit : suffix));
    }

    private static VirtException unknown(String unit) {
        return VirtException.of(ErrorCode.INVALID_ARG, "unknown suffix '" + unit + "'");
    }
}
