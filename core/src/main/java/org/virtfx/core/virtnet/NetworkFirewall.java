package org.virtfx.core.virtnet;

import java.util.List;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.process.HostProcess;

/**
 * A network's forwarding rules, in an nftables table of its own ({@code ip virtfx_BRIDGE}), so
 * that stopping the network removes every rule and chain with one {@code delete table} (libvirt
 * leaves empty chains behind; we do not). The rules follow libvirt's: traffic from the subnet
 * may leave through the bridge, replies may come back, everything else forwarded to or from
 * the bridge is rejected; in NAT mode traffic leaving the subnet is masqueraded, except to
 * multicast and broadcast addresses.
 */
final class NetworkFirewall {
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
     * Installs the rules in one nft transaction. A table left over from a crash is replaced:
     * {@code add} makes sure it exists so that {@code delete} cannot fail.
     *
     * @param mode {@code nat}, {@code route} or {@code ""} (isolated: reject all forwarding)
     */
    void install(String bridge, String mode, List<NetworkAddressing> addressing) {
        String table = table(bridge);
        StringBuilder rules = new StringBuilder()
                .append("add table ip ").append(table).append('\n')
                .append("delete table ip ").append(table).append('\n')
                .append("table ip ").append(table).append(" {\n")
                .append("  chain forward {\n")
                .append("    type filter hook forward priority filter; policy accept;\n");
        if (mode.isEmpty()) {
            rules.append("    iifname \"").append(bridge).append("\" oifname \"").append(bridge).append("\" accept\n");
        } else {
            for (NetworkAddressing ip : addressing) {
                rules.append("    iifname \"").append(bridge).append("\" ip saddr ").append(ip.subnet()).append(" accept\n");
                String replies = mode.equals("nat") ? " ct state related,established" : "";
                rules.append("    oifname \"").append(bridge).append("\" ip daddr ").append(ip.subnet())
                        .append(replies).append(" accept\n");
            }
            rules.append("    iifname \"").append(bridge).append("\" oifname \"").append(bridge).append("\" accept\n");
        }
        rules.append("    iifname \"").append(bridge).append("\" reject\n")
                .append("    oifname \"").append(bridge).append("\" reject\n")
                .append("  }\n");
        if (mode.equals("nat")) {
            rules.append("  chain postrouting {\n")
                    .append("    type nat hook postrouting priority srcnat; policy accept;\n");
            for (NetworkAddressing ip : addressing) {
                String from = "    ip saddr " + ip.subnet();
                rules.append(from).append(" ip daddr 224.0.0.0/24 return\n")
                        .append(from).append(" ip daddr 255.255.255.255 return\n")
                        .append(from).append(" ip daddr != ").append(ip.subnet()).append(" masquerade\n");
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
        HostProcess.Result result = command.run(List.of("nft", "-f", "-"),
                "add table ip " + table + "\ndelete table ip " + table + "\n");
        if (!result.ok()) {
            throw VirtException.of(ErrorCode.OPERATION_FAILED, "cannot remove firewall table " + table + ": "
                    + result.stderr().strip());
        }
    }

    /** Whether the network's table exists: for tests and for reconnecting after a restart. */
    boolean installed(String bridge) {
        HostProcess.Result result = command.run(List.of("nft", "list", "table", "ip", table(bridge)), null);
        return result.ok();
    }
}
