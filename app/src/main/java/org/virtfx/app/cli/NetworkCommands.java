package org.virtfx.app.cli;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.virtfx.core.net.MacAddress;
import org.virtfx.core.network.DhcpLease;
import org.virtfx.core.network.NetworkFamily;
import org.virtfx.core.network.NetworkSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** virsh's network commands. Unlike domains, virsh does not quote network names in messages. */
final class NetworkCommands {

    private NetworkCommands() {
    }

    static List<Class<? extends VirshCommand>> all() {
        return List.of(NetList.class, NetDumpXml.class, NetDefine.class, NetCreate.class, NetUndefine.class, NetStart.class,
                NetDestroy.class, NetAutostart.class, NetDhcpLeases.class);
    }

    /** One operation on one network, named as the user typed it. */
    abstract static class NetworkAction extends ObjectAction<NetworkFamily> {
        @Parameters(paramLabel = "<network>")
        String network;

        NetworkAction(String failure, String success, BiConsumer<NetworkFamily, UUID> operation) {
            super(ObjectFamily.NETWORKS, failure, success, operation);
        }

        @Override
        String word() {
            return network;
        }
    }

    @Command(name = "net-list", description = "list networks")
    static final class NetList implements VirshCommand {
        @Option(names = "--all", description = "list inactive & active networks")
        boolean all;
        @Option(names = "--inactive", description = "list inactive networks")
        boolean inactive;

        @Override
        public void run(CliSession session) {
            VshTable table = new VshTable("Name", "State", "Autostart", "Persistent");
            session.connection().networks().list().stream()
                    // As in virsh, --all wins over --inactive.
                    .filter(n -> n.active() ? all || !inactive : (all || inactive))
                    .sorted(Comparator.comparing(n -> n.name().toLowerCase()))
                    .forEach(n -> table.add(n.name(), n.active() ? "active" : "inactive",
                            n.autostart() ? "yes" : "no", n.persistent() ? "yes" : "no"));
            session.print(table.render(session.quiet()));
        }
    }

    @Command(name = "net-dumpxml", description = "network information in XML")
    static final class NetDumpXml implements VirshCommand {
        @Parameters(paramLabel = "<network>")
        String network;
        @Option(names = "--inactive", description = "show inactive defined XML")
        boolean inactive;

        @Override
        public void run(CliSession session) {
            ObjectFamily.NETWORKS.dumpXml(session, network, inactive);
        }
    }

    @Command(name = "net-define", description = "define an inactive persistent virtual network from an XML file")
    static final class NetDefine extends DefineCommand {
        NetDefine() {
            super(ObjectFamily.NETWORKS);
        }
    }

    /** A transient network, gone once it stops ({@code virNetworkCreateXML}). */
    @Command(name = "net-create", description = "create a network from an XML file")
    static final class NetCreate extends DefineCommand {
        NetCreate() {
            super((session, file, validate) -> ObjectFamily.NETWORKS.fromFile(session, file, validate, "create",
                    NetworkFamily::create));
        }
    }

    @Command(name = "net-undefine", description = "undefine a persistent network")
    static final class NetUndefine extends NetworkAction {
        NetUndefine() {
            super("Failed to undefine network %s", "Network %s has been undefined", NetworkFamily::undefine);
        }
    }

    @Command(name = "net-start", description = "start a (previously defined) inactive network")
    static final class NetStart extends NetworkAction {
        NetStart() {
            super("Failed to start network %s", "Network %s started", NetworkFamily::start);
        }
    }

    @Command(name = "net-destroy", description = "destroy (stop) a network")
    static final class NetDestroy extends NetworkAction {
        NetDestroy() {
            super("Failed to destroy network %s", "Network %s destroyed", NetworkFamily::destroy);
        }
    }

    @Command(name = "net-autostart", description = "autostart a network")
    static final class NetAutostart implements VirshCommand {
        @Parameters(paramLabel = "<network>")
        String network;
        @Option(names = "--disable", description = "disable autostarting")
        boolean disable;

        @Override
        public void run(CliSession session) {
            ObjectFamily.NETWORKS.autostart(session, network, disable);
        }
    }

    @Command(name = "net-dhcp-leases", description = "print lease info for a given network")
    static final class NetDhcpLeases implements VirshCommand {
        private static final DateTimeFormatter EXPIRY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

        @Parameters(paramLabel = "<network>")
        String network;
        @Option(names = "--mac", paramLabel = "<string>", description = "MAC address")
        String mac;

        @Override
        public void run(CliSession session) {
            NetworkSummary n = session.network(network);
            Optional<MacAddress> only = Optional.ofNullable(mac).map(MacAddress::parse);
            List<DhcpLease> leases = session.call("Failed to get leases info for " + network, () ->
                    session.connection().networks().leases(n.uuid()));
            session.print(table(leases, only, ZoneId.systemDefault()).render(session.quiet()));
        }

        /**
         * virsh's table: sorted by MAC address with leases that have none last, the address with
         * its prefix, and "-" for what a lease does not carry; expiry in local time.
         */
        static VshTable table(List<DhcpLease> leases, Optional<MacAddress> only, ZoneId zone) {
            VshTable table = new VshTable("Expiry Time", "MAC address", "Protocol", "IP address", "Hostname",
                    "Client ID or DUID");
            leases.stream()
                    .filter(lease -> only.isEmpty() || lease.mac().equals(only))
                    .sorted(Comparator.comparing((DhcpLease lease) -> lease.mac().isEmpty())
                            .thenComparing(lease -> lease.mac().map(MacAddress::toString).orElse("")))
                    .forEach(lease -> table.add(EXPIRY.format(lease.expiry().atZone(zone)),
                            lease.mac().map(MacAddress::toString).orElse("-"), lease.protocol(),
                            lease.address(), lease.hostname().orElse("-"),
                            lease.clientId().orElse("-")));
            return table;
        }
    }
}
