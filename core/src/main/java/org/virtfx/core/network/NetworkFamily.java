package org.virtfx.core.network;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/** Virtual networks of one connection. Every default fails as unsupported. */
public interface NetworkFamily {

    String driverName();

    default List<NetworkSummary> list() {
        throw VirtException.unsupported(driverName(), "list networks");
    }

    default Optional<NetworkSummary> byName(String name) {
        return list().stream().filter(n -> n.name().equals(name)).findFirst();
    }

    /**
     * Finds a network by UUID or name, as virsh does.
     *
     * @throws VirtException {@link ErrorCode#NO_NETWORK} when nothing matches
     */
    default NetworkSummary lookup(String uuidOrName) {
        return list().stream()
                .filter(n -> n.uuid().toString().equalsIgnoreCase(uuidOrName) || n.name().equals(uuidOrName))
                .findFirst()
                .orElseThrow(() -> VirtException.of(ErrorCode.NO_NETWORK,
                        "no network with matching name '" + uuidOrName + "'"));
    }

    default NetworkSummary define(String xml) {
        throw VirtException.unsupported(driverName(), "net-define");
    }

    /**
     * Creates and starts a transient network from {@code xml}, as {@code virNetworkCreateXML}
     * does: it is gone once it stops. A name or UUID that another network (persistent, or
     * transient in any process) has under another UUID or name is refused with libvirt's words;
     * the same name and UUID as an inactive persistent network starts that network with this
     * definition as its running one.
     *
     * @return the running network
     * @throws VirtException {@link ErrorCode#OPERATION_INVALID} when a network of that name and
     *                       UUID already runs
     */
    default NetworkSummary create(String xml) {
        throw VirtException.unsupported(driverName(), "net-create");
    }

    default void undefine(UUID uuid) {
        throw VirtException.unsupported(driverName(), "net-undefine");
    }

    default void start(UUID uuid) {
        throw VirtException.unsupported(driverName(), "net-start");
    }

    default void destroy(UUID uuid) {
        throw VirtException.unsupported(driverName(), "net-destroy");
    }

    default void setAutostart(UUID uuid, boolean autostart) {
        throw VirtException.unsupported(driverName(), "net-autostart");
    }

    default String xml(UUID uuid, boolean inactive) {
        throw VirtException.unsupported(driverName(), "net-dumpxml");
    }

    /**
     * Applies one change to a network's definition, as {@code virNetworkUpdate} does: to the
     * stored definition ({@code config}), to the running network ({@code live}), or both. Neither
     * means "the running network if active, else the stored one", libvirt's AFFECT_CURRENT.
     *
     * @return the network after the change
     */
    default NetworkSummary update(UUID uuid, NetworkUpdate update, boolean live, boolean config) {
        throw VirtException.unsupported(driverName(), "net-update");
    }

    /**
     * The DHCP leases a running network has handed out, IPv4 and IPv6; empty for an inactive
     * network or one without DHCP. libvirt's test driver has no leases, and neither does ours.
     */
    default List<DhcpLease> leases(UUID uuid) {
        throw VirtException.unsupported(driverName(), "net-dhcp-leases");
    }
}
