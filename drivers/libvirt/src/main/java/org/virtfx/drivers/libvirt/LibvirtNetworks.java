package org.virtfx.drivers.libvirt;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.net.MacAddress;
import org.virtfx.core.network.DhcpLease;
import org.virtfx.core.network.NetworkFamily;
import org.virtfx.core.network.NetworkSummary;
import org.virtfx.core.network.NetworkUpdate;
import org.virtfx.drivers.libvirt.binding.LibvirtError;
import org.virtfx.drivers.libvirt.binding.VirConnect;
import org.virtfx.drivers.libvirt.binding.VirNetwork;

/** Virtual networks through libvirt's network driver. */
final class LibvirtNetworks implements NetworkFamily {
    /** libvirt's {@code VIR_NETWORK_SECTION_*} numbers. */
    private static final Map<NetworkUpdate.Section, Integer> SECTIONS = Map.of(
            NetworkUpdate.Section.IP_DHCP_HOST, 4, NetworkUpdate.Section.IP_DHCP_RANGE, 5,
            NetworkUpdate.Section.FORWARD_INTERFACE, 7, NetworkUpdate.Section.PORTGROUP, 9,
            NetworkUpdate.Section.DNS_HOST, 10, NetworkUpdate.Section.DNS_TXT, 11, NetworkUpdate.Section.DNS_SRV, 12);
    /** libvirt's {@code VIR_NETWORK_UPDATE_COMMAND_*} numbers. */
    private static final Map<NetworkUpdate.Command, Integer> COMMANDS = Map.of(NetworkUpdate.Command.MODIFY, 1,
            NetworkUpdate.Command.DELETE, 2, NetworkUpdate.Command.ADD_LAST, 3, NetworkUpdate.Command.ADD_FIRST, 4);

    private final VirConnect conn;

    LibvirtNetworks(VirConnect conn) {
        this.conn = conn;
    }

    @Override
    public String driverName() {
        return LibvirtDriver.NAME;
    }

    static NetworkSummary summary(VirNetwork network) {
        return new NetworkSummary(network.name(), UUID.fromString(network.uuid()), network.isActive(),
                network.isPersistent(), network.autostart(), network.bridgeName().orElse(""));
    }

    @Override
    public List<NetworkSummary> list() {
        List<NetworkSummary> summaries = new ArrayList<>();
        for (VirNetwork network : conn.listAllNetworks(0)) {
            try (network) {
                summaries.add(summary(network));
            } catch (VirtException e) {
                // Gone between the list and the summary.
                if (!LibvirtError.is(e, LibvirtError.NO_NETWORK)) {
                    throw e;
                }
            }
        }
        return summaries;
    }

    @Override
    public Optional<NetworkSummary> byName(String name) {
        return Lookups.optional(LibvirtError.NO_NETWORK, () -> {
            try (VirNetwork network = conn.networkByName(name)) {
                return summary(network);
            }
        });
    }

    /** By UUID, then by name, as virsh looks networks up; libvirt's error when neither matches. */
    @Override
    public NetworkSummary lookup(String uuidOrName) {
        Optional<NetworkSummary> byUuid = Optional.empty();
        if (uuidOrName.length() == 36) {
            byUuid = Lookups.optional(LibvirtError.NO_NETWORK, () -> {
                try (VirNetwork network = conn.networkByUuid(uuidOrName)) {
                    return summary(network);
                }
            });
        }
        return byUuid.orElseGet(() -> {
            try (VirNetwork network = conn.networkByName(uuidOrName)) {
                return summary(network);
            }
        });
    }

    private <T> T on(UUID uuid, Function<VirNetwork, T> call) {
        try (VirNetwork network = conn.networkByUuid(uuid.toString())) {
            return call.apply(network);
        }
    }

    private void run(UUID uuid, Consumer<VirNetwork> call) {
        on(uuid, network -> {
            call.accept(network);
            return null;
        });
    }

    @Override
    public NetworkSummary define(String xml) {
        try (VirNetwork network = conn.defineNetwork(xml)) {
            return summary(network);
        }
    }

    @Override
    public NetworkSummary create(String xml) {
        try (VirNetwork network = conn.createNetwork(xml)) {
            return summary(network);
        }
    }

    @Override
    public void undefine(UUID uuid) {
        run(uuid, VirNetwork::undefine);
    }

    @Override
    public void start(UUID uuid) {
        run(uuid, VirNetwork::create);
    }

    @Override
    public void destroy(UUID uuid) {
        run(uuid, VirNetwork::destroy);
    }

    @Override
    public void setAutostart(UUID uuid, boolean autostart) {
        run(uuid, n -> n.setAutostart(autostart));
    }

    @Override
    public String xml(UUID uuid, boolean inactive) {
        return on(uuid, n -> n.xml(inactive ? VirNetwork.XML_INACTIVE : 0));
    }

    @Override
    public NetworkSummary update(UUID uuid, NetworkUpdate update, boolean live, boolean config) {
        int flags = (live ? VirNetwork.UPDATE_AFFECT_LIVE : 0) | (config ? VirNetwork.UPDATE_AFFECT_CONFIG : 0);
        return on(uuid, network -> {
            network.update(COMMANDS.get(update.command()), SECTIONS.get(update.section()), update.parentIndex(),
                    update.fragment(), flags);
            return summary(network);
        });
    }

    @Override
    public List<DhcpLease> leases(UUID uuid) {
        return on(uuid, network -> network.dhcpLeases(null).stream().map(LibvirtNetworks::lease).toList());
    }

    private static DhcpLease lease(VirNetwork.Lease lease) {
        String address = lease.address().orElseThrow(() ->
                VirtException.of(ErrorCode.INTERNAL_ERROR, "libvirt reported a DHCP lease without an address"));
        InetAddress ip;
        try {
            // A numeric address: no name lookup happens.
            ip = InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw VirtException.of(ErrorCode.INTERNAL_ERROR, "libvirt reported a DHCP lease for '" + address + "'");
        }
        return new DhcpLease(Instant.ofEpochSecond(lease.expirySeconds()), lease.mac().map(MacAddress::parse), ip,
                lease.prefix(), lease.hostname(), lease.clientId(), lease.iaid());
    }
}
