package org.virtfx.core.network;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.virtfx.core.net.IpText;
import org.virtfx.core.xml.XmlElement;

/**
 * IP address arithmetic for network definitions: subnet membership of a network's
 * {@code <ip>}, and the text form libvirt writes ({@code inet_ntop}'s, RFC 5952 for IPv6).
 */
final class IpAddresses {

    private IpAddresses() {
    }

    /** Whether the text is an IPv4 or IPv6 literal. Checked before InetAddress sees it, which would resolve names. */
    static boolean isLiteral(String text) {
        return parse(text).isPresent();
    }

    static boolean isIpv6(XmlElement ip) {
        return ip.attribute("family").map("ipv6"::equals)
                .orElseGet(() -> ip.attribute("address").map(a -> a.contains(":")).orElse(false));
    }

    /** Whether an address lies in the subnet of an {@code <ip address netmask|prefix>} element. */
    static boolean contains(XmlElement ip, String address) {
        Optional<byte[]> network = ip.attribute("address").flatMap(IpAddresses::parse);
        Optional<byte[]> candidate = parse(address);
        if (network.isEmpty() || candidate.isEmpty() || network.get().length != candidate.get().length) {
            return false;
        }
        int bits = network.get().length * 8;
        int prefix = prefix(ip, network.get());
        BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                .xor(BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE));
        return new BigInteger(1, network.get()).and(mask).equals(new BigInteger(1, candidate.get()).and(mask));
    }

    static boolean same(String a, String b) {
        Optional<byte[]> x = parse(a);
        Optional<byte[]> y = parse(b);
        return x.isPresent() && y.isPresent() && java.util.Arrays.equals(x.get(), y.get());
    }

    /** The address as libvirt writes it back; text that is not an address is returned unchanged. */
    static String canonical(String address) {
        Optional<byte[]> bytes = parse(address);
        if (bytes.isEmpty()) {
            return address;
        }
        try {
            return IpText.of(InetAddress.getByAddress(bytes.get()));
        } catch (UnknownHostException e) {
            return address;
        }
    }

    private static int prefix(XmlElement ip, byte[] network) {
        Optional<String> prefix = ip.attribute("prefix");
        if (prefix.isPresent()) {
            return Integer.parseInt(prefix.get().trim());
        }
        Optional<byte[]> netmask = ip.attribute("netmask").flatMap(IpAddresses::parse);
        if (netmask.isPresent()) {
            return new BigInteger(1, netmask.get()).bitCount();
        }
        if (network.length == 16) {
            return 64;
        }
        // No netmask: libvirt falls back to the classful default of the address.
        int first = network[0] & 0xff;
        return first < 128 ? 8 : first < 192 ? 16 : 24;
    }

    private static Optional<byte[]> parse(String text) {
        if (text == null || text.isEmpty() || !text.matches("[0-9a-fA-F:.]+")
                || (!text.contains(":") && !text.matches("\\d{1,3}(\\.\\d{1,3}){3}"))) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(text).getAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
