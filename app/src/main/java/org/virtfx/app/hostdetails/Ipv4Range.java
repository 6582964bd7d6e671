package org.virtfx.app.hostdetails;

import java.util.Optional;

/**
 * An IPv4 network in CIDR form, "192.168.100.0/24", with the addresses the create-network
 * wizard proposes: the first host address for the bridge (libvirt's convention) and the rest
 * of the network, the second address up to the last before broadcast, for DHCP.
 */
public record Ipv4Range(long network, int prefix) {

    /** Parses "a.b.c.d/n"; empty with no reason when it is not one (the caller words it). */
    public static Optional<Ipv4Range> parse(String cidr) {
        String[] parts = cidr.strip().split("/");
        if (parts.length != 2) {
            return Optional.empty();
        }
        Optional<Long> address = address(parts[0]);
        int prefix;
        try {
            prefix = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (address.isEmpty() || prefix < 8 || prefix > 30) {
            return Optional.empty();
        }
        long mask = mask(prefix);
        return Optional.of(new Ipv4Range(address.get() & mask, prefix));
    }

    static Optional<Long> address(String text) {
        String[] octets = text.strip().split("\\.");
        if (octets.length != 4) {
            return Optional.empty();
        }
        long value = 0;
        for (String octet : octets) {
            if (!octet.matches("\\d{1,3}") || Integer.parseInt(octet) > 255) {
                return Optional.empty();
            }
            value = value << 8 | Integer.parseInt(octet);
        }
        return Optional.of(value);
    }

    private static long mask(int prefix) {
        return (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    }

    public boolean contains(long address) {
        return (address & mask(prefix)) == network;
    }

    public String gateway() {
        return format(network + 1);
    }

    public String netmask() {
        return format(mask(prefix));
    }

    public String firstDhcp() {
        return format(network + 2);
    }

    public String lastDhcp() {
        return format(network + (1L << (32 - prefix)) - 2);
    }

    public static String format(long address) {
        return (address >> 24 & 255) + "." + (address >> 16 & 255) + "." + (address >> 8 & 255) + "." + (address & 255);
    }

    @Override
    public String toString() {
        return format(network) + "/" + prefix;
    }
}
