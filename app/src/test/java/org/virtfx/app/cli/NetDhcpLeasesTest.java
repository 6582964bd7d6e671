package org.virtfx.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.virtfx.core.net.MacAddress;
import org.virtfx.core.network.DhcpLease;

/** The lease table virsh prints, from leases as the network driver reads them off dnsmasq. */
class NetDhcpLeasesTest {
    private static final MacAddress FIRST = MacAddress.parse("52:54:00:00:00:01");
    private static final MacAddress SECOND = MacAddress.parse("52:54:00:00:00:02");

    private static final List<DhcpLease> LEASES = List.of(
            lease(Optional.empty(), "fd00:160::1a3", 64, Optional.empty(), "00:03:00:01:52:54:00:00:00:09"),
            lease(Optional.of(SECOND), "192.168.160.20", 24, Optional.of("beta"), "ff:00:00:00:02"),
            lease(Optional.of(FIRST), "fd00:160::100", 64, Optional.of("alpha"), "00:01:00:01:2c:00:00:00:52:54:00:00:00:01"),
            lease(Optional.of(FIRST), "192.168.160.10", 24, Optional.empty(), null));

    @Test
    void sortsByMacWithMaclessLeasesLastAndFillsGapsWithDashes() {
        assertEquals("""
                 Expiry Time           MAC address         Protocol   IP address          Hostname   Client ID or DUID
                --------------------------------------------------------------------------------------------------------------------------------
                 2026-11-26 12:00:00   52:54:00:00:00:01   ipv6       fd00:160::100/64    alpha      00:01:00:01:2c:00:00:00:52:54:00:00:00:01
                 2026-11-26 12:00:00   52:54:00:00:00:01   ipv4       192.168.160.10/24   -          -
                 2026-11-26 12:00:00   52:54:00:00:00:02   ipv4       192.168.160.20/24   beta       ff:00:00:00:02
                 2026-11-26 12:00:00   -                   ipv6       fd00:160::1a3/64    -          00:03:00:01:52:54:00:00:00:09
                """, NetworkCommands.NetDhcpLeases.table(LEASES, Optional.empty(), ZoneOffset.UTC).render(false));
    }

    @Test
    void macFilterKeepsThatGuestsLeasesOfBothFamilies() {
        assertEquals("""
                 2026-11-26 12:00:00   52:54:00:00:00:01   ipv6   fd00:160::100/64    alpha   00:01:00:01:2c:00:00:00:52:54:00:00:00:01
                 2026-11-26 12:00:00   52:54:00:00:00:01   ipv4   192.168.160.10/24   -       -
                """, NetworkCommands.NetDhcpLeases.table(LEASES, Optional.of(FIRST), ZoneOffset.UTC).render(true));
    }

    private static DhcpLease lease(Optional<MacAddress> mac, String ip, int prefix, Optional<String> hostname,
                                   String clientId) {
        try {
            return new DhcpLease(Instant.parse("2026-11-26T12:00:00Z"), mac, InetAddress.getByName(ip), prefix,
                    hostname, Optional.ofNullable(clientId), Optional.empty());
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
