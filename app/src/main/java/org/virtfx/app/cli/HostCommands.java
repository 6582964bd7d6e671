package org.virtfx.app.cli;

import java.util.Comparator;
import java.util.List;
import org.virtfx.core.host.HostFamily;
import org.virtfx.core.host.NodeInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** virsh's host, connection and interface listing commands. */
final class HostCommands {

    private HostCommands() {
    }

    static List<Class<? extends VirshCommand>> all() {
        return List.of(NodeInfoCommand.class, Uri.class, Version.class, Hostname.class, Capabilities.class,
                IfaceList.class);
    }

    @Command(name = "nodeinfo", description = "node information")
    static final class NodeInfoCommand implements VirshCommand {
        @Override
        public void run(CliSession session) {
            NodeInfo info = session.call("failed to get node information", () ->
                    session.connection().host().nodeInfo());
            session.println(String.format("%-20s %s", "CPU model:", info.model()));
            session.println(String.format("%-20s %d", "CPU(s):", info.cpus()));
            if (info.mhz() > 0) {
                session.println(String.format("%-20s %d MHz", "CPU frequency:", info.mhz()));
            }
            session.println(String.format("%-20s %d", "CPU socket(s):", info.socketsPerNode()));
            session.println(String.format("%-20s %d", "Core(s) per socket:", info.coresPerSocket()));
            session.println(String.format("%-20s %d", "Thread(s) per core:", info.threadsPerCore()));
            session.println(String.format("%-20s %d", "NUMA cell(s):", info.numaNodes()));
            session.println(String.format("%-20s %d KiB", "Memory size:", info.memoryKiB()));
        }
    }

    @Command(name = "uri", description = "print the hypervisor canonical URI")
    static final class Uri implements VirshCommand {
        @Override
        public void run(CliSession session) {
            session.println(session.connection().uri().text());
        }
    }

    @Command(name = "version", description = "show version")
    static final class Version implements VirshCommand {
        @Override
        public void run(CliSession session) {
            HostFamily host = session.connection().host();
            String library = host.libraryVersion().toString();
            session.println("Compiled against library: libvirt " + library);
            session.println("Using library: libvirt " + library);
            session.println("Using API: " + host.hypervisorType() + " " + library);
            session.println("Running hypervisor: " + host.hypervisorType() + " " + host.hypervisorVersion());
        }
    }

    @Command(name = "hostname", description = "print the hypervisor hostname")
    static final class Hostname implements VirshCommand {
        @Override
        public void run(CliSession session) {
            session.println(session.call("failed to get hostname", () -> session.connection().host().hostname()));
        }
    }

    @Command(name = "capabilities", description = "capabilities")
    static final class Capabilities implements VirshCommand {
        @Override
        public void run(CliSession session) {
            session.print(session.call("failed to get capabilities", () ->
                    session.connection().host().capabilitiesXml()));
        }
    }

    @Command(name = "iface-list", description = "list physical host interfaces")
    static final class IfaceList implements VirshCommand {
        @Option(names = "--all", description = "list inactive & active interfaces")
        boolean all;
        @Option(names = "--inactive", description = "list inactive interfaces")
        boolean inactive;

        @Override
        public void run(CliSession session) {
            exclusive(all, inactive);
            VshTable table = new VshTable("Name", "State", "MAC Address");
            session.connection().host().interfaces().stream()
                    .filter(i -> i.active() ? !inactive : (all || inactive))
                    .sorted(Comparator.comparing(i -> i.name().toLowerCase()))
                    .forEach(i -> table.add(i.name(), i.active() ? "active" : "inactive", i.mac()));
            session.print(table.render(session.quiet()));
        }
    }

    /** virsh refuses pool-list and iface-list with both --all and --inactive (net-list takes both). */
    static void exclusive(boolean all, boolean inactive) {
        if (all && inactive) {
            throw new CommandFailure("Options --all and --inactive are mutually exclusive");
        }
    }
}
