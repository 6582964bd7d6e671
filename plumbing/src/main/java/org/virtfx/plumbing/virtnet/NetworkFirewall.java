package org.virtfx.plumbing.virtnet;

import java.util.List;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.plumbing.process.HostProcess;

/**
 * A network's forwarding rules, in an nftables table of its own ({@code inet virtfx_BRIDGE},
 * for IPv4 and IPv6 alike), so that stopping the network removes every rule and chain with one
 * {@code delete table} (libvirt leaves empty chains behind; we do not).
 *
 * <p>The rules follow libvirt's: traffic from a subnet may leave through the bridge; in NAT mode
 * only replies may come back to an IPv4 subnet, which is masqueraded on the way out (except to
 * link-local multicast and broadcast, and with source ports of 1024 and up for TCP and UDP);
 * IPv6 has no NAT, so an IPv6 subnet of a NAT network is routed, unless {@code <nat ipv6='yes'>}
 * asks to masquerade it too; in route mode anything may come in to a subnet. With
 * {@code <forward dev>} all of that is limited to the one host interface. Guests on the
 * bridge may talk to each other, and everything else forwarded to or from the bridge is
 * rejected, both families alike. libvirt's nftables backend adds no input rules (its tables
 * accept by default, as ours do), so DHCPv6, router solicitations and DNS reach dnsmasq
 * untouched.
 */
final class NetworkFirewall {
    /**
     * The families the network's table may have: {@code inet} now; earlier VirtFX versions made
     * an IPv4-only {@code ip} table, and one left over from such a run is removed too.
     */
    private static final List<String> FAMILIES = List.of("inet", "ip");

    private final HostCommand command;

    NetworkFirewall(HostCommand command) {
        this.command = command;
    }

    static String table(String bridge) {
        if (!bridge.matches("[A-Za-z0-9_.-]{1,15}")) {
            throw VirtException.of(ErrorCode.CONFIG_UNSUPPORTED, "bridge name '" + bridge
                    + "' cannot name a firewall table");
        }
        return "virtfx_" + bridge;
    }

    /**
     * Installs the rules in one nft transaction. A table left over from a crash, of this or an
     * older family, is replaced: {@code add} makes sure it exists so that {@code delete} cannot
     * fail.
     */
    void install(String bridge, Forwarding forwarding, List<NetworkAddressing> addressing) {
        String mode = forwarding.mode();
        String table = table(bridge);
        StringBuilder rules = new StringBuilder(dropTables(table))
                .append("table inet ").append(table).append(" {\n")
                .append("  chain forward {\n")
                .append("    type filter hook forward priority filter; policy accept;\n");
        String in = "iifname \"" + bridge + "\"";
        String out = "oifname \"" + bridge + "\"";
        for (NetworkAddressing ip : mode.isEmpty() ? List.<NetworkAddressing>of() : addressing) {
            String family = ip.ipv6() ? "ip6" : "ip";
            rules.append("    ").append(in).append(' ').append(forwarding.leaving()).append(family).append(" saddr ")
                    .append(ip.subnet()).append(" accept\n");
            String replies = forwarding.masquerades(ip) ? " ct state related,established" : "";
            rules.append("    ").append(forwarding.arriving()).append(out).append(' ').append(family).append(" daddr ")
                    .append(ip.subnet()).append(replies).append(" accept\n");
        }
        rules.append("    ").append(in).append(' ').append(out).append(" accept\n")
                .append("    ").append(in).append(" reject\n")
                .append("    ").append(out).append(" reject\n")
                .append("  }\n");
        if (addressing.stream().anyMatch(forwarding::masquerades)) {
            rules.append("  chain postrouting {\n")
                    .append("    type nat hook postrouting priority srcnat; policy accept;\n");
            for (NetworkAddressing ip : addressing) {
                if (!forwarding.masquerades(ip)) {
                    continue;
                }
                String family = ip.ipv6() ? "ip6" : "ip";
                String from = "    " + forwarding.leaving() + family + " saddr " + ip.subnet() + " " + family
                        + " daddr ";
                rules.append(from).append(ip.ipv6() ? "ff02::/16" : "224.0.0.0/24").append(" return\n");
                if (!ip.ipv6()) {
                    rules.append(from).append("255.255.255.255 return\n");
                }
                // Guests must not get source ports below 1024 through NAT: NFS servers trust those.
                for (String protocol : List.of("tcp", "udp")) {
                    rules.append("    meta l4proto ").append(protocol).append(' ').append(from.strip()).append("!= ")
                            .append(ip.subnet()).append(" masquerade to :1024-65535\n");
                }
                rules.append(from).append("!= ").append(ip.subnet()).append(" masquerade\n");
            }
            rules.append("  }\n");
        }
        rules.append("}\n");
        HostProcess.Result result = command.run(List.of("nft", "-f", "-"), rules.toString());
        if (!result.ok()) {
            throw new VirtException(ErrorCode.OPERATION_FAILED, "cannot install firewall rules for bridge '" + bridge
                    + "': " + result.stderr().strip(), rules.toString(), null);
        }
    }

    /** Removes the network's table with all its chains; a table already gone is fine. */
    void remove(String bridge) {
        String table = table(bridge);
        HostProcess.Result result = command.run(List.of("nft", "-f", "-"), dropTables(table));
        if (!result.ok()) {
            throw VirtException.of(ErrorCode.OPERATION_FAILED, "cannot remove firewall table " + table + ": "
                    + result.stderr().strip());
        }
    }

    /** Whether the network's table exists: for tests and for reconnecting after a restart. */
    boolean installed(String bridge) {
        HostProcess.Result result = command.run(List.of("nft", "list", "table", "inet", table(bridge)), null);
        return result.ok();
    }

    /** nft commands that delete the table in every family it may have, whether it exists or not. */
    private static String dropTables(String table) {
        StringBuilder text = new StringBuilder();
        for (String family : FAMILIES) {
            text.append("add table ").append(family).append(' ').append(table).append('\n')
                    .append("delete table ").append(family).append(' ').append(table).append('\n');
        }
        return text.toString();
    }
}
