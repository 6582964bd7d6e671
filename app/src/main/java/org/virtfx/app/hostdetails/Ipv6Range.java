package org.virtfx.app.hostdetails;

import java.math.BigInteger;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.virtfx.core.net.IpText;

/**
 * An IPv6 network in CIDR form, "fd00:1234:5678:9abc::/64", with the addresses the
 * create-network wizard proposes as virt-manager does: {@code ::1} for the bridge and
 * {@code ::100} to {@code ::1ff} for DHCPv6.
 */
public record Ipv6Range(BigInteger network, int prefix) {
    private static final BigInteger ALL = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

    /** Parses "address/n" with an IPv6 literal; empty when it is not one (the caller words it). */
    public static Optional<Ipv6Range> parse(String cidr) {
        String[] parts = cidr.strip().split("/");
        if (parts.length != 2 || !parts[1].matches("\\d{1,3}")) {
            return Optional.empty();
        }
        int prefix = Integer.parseInt(parts[1]);
        Optional<BigInteger> address = address(parts[0]);
        if (address.isEmpty() || prefix > 128) {
            return Optional.empty();
        }
        return Optional.of(new Ipv6Range(address.get().and(mask(prefix)), prefix));
    }

    /** An IPv6 literal as a number; never resolves a host name. */
    static Optional<BigInteger> address(String text) {
        String literal = text.strip();
        if (!literal.contains(":") || !literal.matches("[0-9A-Fa-f:.]+")) {
            return Optional.empty();
        }
        try {
            InetAddress address = InetAddress.getByName(literal);
            return address instanceof Inet6Address ? Optional.of(new BigInteger(1, address.getAddress()))
                    : Optional.empty();
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** A random unique local /64 network, fd00:XXXX:XXXX:XXXX::/64, as virt-manager proposes. */
    public static Ipv6Range randomUniqueLocal(RandomGenerator random) {
        BigInteger value = BigInteger.valueOf(0xfd00);
        for (int i = 0; i < 3; i++) {
            value = value.shiftLeft(16).or(BigInteger.valueOf(random.nextInt(0x10000)));
        }
        return new Ipv6Range(value.shiftLeft(64), 64);
    }

    private static BigInteger mask(int prefix) {
        return ALL.shiftRight(prefix).xor(ALL);
    }

    public boolean contains(BigInteger address) {
        return address.and(mask(prefix)).equals(network);
    }

    /** The number of addresses in the network, 2^(128 - prefix). */
    public BigInteger size() {
        return BigInteger.ONE.shiftLeft(128 - prefix);
    }

    public String gateway() {
        return format(network.add(BigInteger.ONE));
    }

    public String firstDhcp() {
        return format(network.add(BigInteger.valueOf(0x100)));
    }

    public String lastDhcp() {
        return format(network.add(BigInteger.valueOf(0x1ff)));
    }

    /** An address in the usual short form: {@code fd00:1::100}. */
    public static String format(BigInteger address) {
        byte[] raw = address.toByteArray();
        byte[] bytes = new byte[16];
        int length = Math.min(raw.length, 16);
        System.arraycopy(raw, raw.length - length, bytes, 16 - length, length);
        try {
            return IpText.of(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return format(network) + "/" + prefix;
    }
}
