package org.virtfx.core.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/** An address with its prefix length, as on an interface: {@code 192.168.122.1/24}. */
public record IpPrefix(InetAddress address, int length) {

    public IpPrefix {
        Objects.requireNonNull(address);
        int bits = address.getAddress().length * 8;
        if (length < 0 || length > bits) {
            throw VirtException.of(ErrorCode.INVALID_ARG, "prefix length " + length + " out of range for " + address);
        }
    }

    /** Reads {@code 192.168.122.1/24} or {@code fd00::1/64}; only literals, never a host name. */
    public static IpPrefix parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0 || !text.substring(0, slash).matches("[0-9a-fA-F:.]+")) {
            throw VirtException.of(ErrorCode.INVALID_ARG, "invalid address with prefix '" + text + "'");
        }
        try {
            return new IpPrefix(InetAddress.getByName(text.substring(0, slash)),
                    Integer.parseInt(text.substring(slash + 1)));
        } catch (UnknownHostException | NumberFormatException e) {
            throw VirtException.of(ErrorCode.INVALID_ARG, "invalid address with prefix '" + text + "'");
        }
    }

    public boolean isIpv4() {
        return address instanceof Inet4Address;
    }

    /** The subnet's own address: every host bit cleared ({@code 192.168.122.0} of {@code .1/24}). */
    public InetAddress network() {
        byte[] bytes = address.getAddress();
        for (int bit = length; bit < bytes.length * 8; bit++) {
            bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The subnet's broadcast address (IPv4 only): every host bit set. */
    public InetAddress broadcast() {
        byte[] bytes = address.getAddress();
        for (int bit = length; bit < bytes.length * 8; bit++) {
            bytes[bit / 8] |= (byte) (0x80 >>> (bit % 8));
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return IpText.of(address) + "/" + length;
    }
}
