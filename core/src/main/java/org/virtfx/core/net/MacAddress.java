package org.virtfx.core.net;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/** A 48-bit Ethernet address. Formats as libvirt does: lower-case, colon-separated. */
public record MacAddress(byte[] bytes) {
    private static final HexFormat COLONS = HexFormat.ofDelimiter(":");
    private static final SecureRandom RANDOM = new SecureRandom();

    public MacAddress {
        Objects.requireNonNull(bytes);
        if (bytes.length != 6) {
            throw new IllegalArgumentException("a MAC address has 6 bytes, not " + bytes.length);
        }
        bytes = bytes.clone();
    }

    /** Reads {@code 52:54:00:12:34:56}; anything else is an invalid argument. */
    public static MacAddress parse(String text) {
        if (text == null || !text.matches("(?i)[0-9a-f]{2}(:[0-9a-f]{2}){5}")) {
            throw VirtException.of(ErrorCode.INVALID_ARG, "unable to parse mac address '" + text + "'");
        }
        return new MacAddress(COLONS.parseHex(text));
    }

    /** A random address under libvirt's prefix 52:54:00, which is what libvirt gives a new NIC. */
    public static MacAddress randomLibvirt() {
        byte[] bytes = {0x52, 0x54, 0x00, 0, 0, 0};
        byte[] tail = new byte[3];
        RANDOM.nextBytes(tail);
        System.arraycopy(tail, 0, bytes, 3, 3);
        return new MacAddress(bytes);
    }

    /**
     * The address libvirt gives the host end of a guest's interface: the guest's with the first
     * byte set to 0xfe. A Linux bridge takes the lowest port address as its own, and 0xfe keeps
     * host ends from ever being that lowest one, so a bridge's address does not change when
     * guests come and go.
     */
    public MacAddress hostSide() {
        byte[] copy = bytes.clone();
        copy[0] = (byte) 0xfe;
        return new MacAddress(copy);
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MacAddress mac && java.util.Arrays.equals(bytes, mac.bytes);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return COLONS.formatHex(bytes);
    }
}
