package org.virtfx.drivers.test;

import java.util.List;
import java.util.UUID;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.event.NetworkEvent;
import org.virtfx.core.network.NetworkDefinition;
import org.virtfx.core.network.NetworkFamily;
import org.virtfx.core.network.NetworkSummary;
import org.virtfx.core.network.NetworkUpdate;
import org.virtfx.core.network.NetworkXml;

/** Virtual networks of a test node: bookkeeping only, as in libvirt's test driver. */
final class TestNetworks implements NetworkFamily {
    private final TestNode node;
    private final NetworkXml networkXml = new NetworkXml();

    TestNetworks(TestNode node) {
        this.node = node;
    }

    @Override
    public String driverName() {
        return TestDriver.NAME;
    }

    @Override
    public List<NetworkSummary> list() {
        return node.networks().stream().map(TestNetwork::summary).toList();
    }

    @Override
    public NetworkSummary define(String xml) {
        NetworkDefinition definition = networkXml.parse(xml, "(network_definition)");
        NetworkSummary summary;
        synchronized (node) {
            TestNetwork existing = checkUnique(definition);
            if (existing != null) {
                existing.redefine(definition);
                summary = existing.summary();
            } else {
                TestNetwork network = new TestNetwork(definition, false);
                node.putNetwork(definition.uuid(), network);
                summary = network.summary();
            }
        }
        node.events().publish(new NetworkEvent(summary, NetworkEvent.Type.DEFINED));
        return summary;
    }

    /**
     * Creates a running transient network, as libvirt's test driver does through
     * virNetworkObjAssignDef with a live definition: the same name and UUID as an inactive
     * network start that network with the new definition; as an active one, refused.
     */
    @Override
    public NetworkSummary create(String xml) {
        NetworkDefinition definition = networkXml.parse(xml, "(network_definition)");
        NetworkSummary summary;
        synchronized (node) {
            TestNetwork existing = checkUnique(definition);
            if (existing == null) {
                existing = TestNetwork.running(definition);
                node.putNetwork(definition.uuid(), existing);
            } else if (!existing.startWith(definition)) {
                throw VirtException.of(ErrorCode.OPERATION_INVALID, "network is already active as '"
                        + definition.name() + "'");
            }
            summary = existing.summary();
        }
        node.events().publish(new NetworkEvent(summary, NetworkEvent.Type.STARTED));
        return summary;
    }

    /** Adds a network from a node file: active and persistent. */
    void load(NetworkDefinition definition) {
        checkUnique(definition);
        node.putNetwork(definition.uuid(), new TestNetwork(definition, true));
    }

    private TestNetwork checkUnique(NetworkDefinition definition) {
        for (TestNetwork network : node.networks()) {
            NetworkDefinition current = network.current();
            boolean sameUuid = current.uuid().equals(definition.uuid());
            boolean sameName = current.name().equals(definition.name());
            if (sameUuid && !sameName) {
                throw VirtException.of(ErrorCode.OPERATION_FAILED, "network '" + current.name()
                        + "' is already defined with uuid " + current.uuid());
            }
            if (!sameUuid && sameName) {
                throw VirtException.of(ErrorCode.OPERATION_FAILED, "network '" + definition.name()
                        + "' already exists with uuid " + current.uuid());
            }
            if (sameUuid) {
                return network;
            }
        }
        return null;
    }

    @Override
    public void undefine(UUID uuid) {
        TestNetwork network = node.requireNetwork(uuid);
        NetworkSummary summary;
        synchronized (network) {
            if (network.isActive()) {
                throw VirtException.of(ErrorCode.OPERATION_INVALID,
                        "Network '" + network.current().name() + "' is still running");
            }
            summary = gone(network.summary());
            network.undefine();
            node.removeNetwork(uuid);
        }
        node.events().publish(new NetworkEvent(summary, NetworkEvent.Type.UNDEFINED));
    }

    @Override
    public void start(UUID uuid) {
        TestNetwork network = node.requireNetwork(uuid);
        NetworkSummary summary;
        synchronized (network) {
            if (network.isActive()) {
                throw VirtException.of(ErrorCode.OPERATION_INVALID,
                        "Network '" + network.current().name() + "' is already running");
            }
            network.start();
            summary = network.summary();
        }
        node.events().publish(new NetworkEvent(summary, NetworkEvent.Type.STARTED));
    }

    @Override
    public void destroy(UUID uuid) {
        TestNetwork network = node.requireNetwork(uuid);
        NetworkSummary summary;
        // libvirt's test driver stops an inactive network without complaint.
        synchronized (network) {
            NetworkSummary before = network.summary();
            if (network.stop()) {
                summary = network.summary();
            } else {
                node.removeNetwork(uuid);
                summary = gone(before);
            }
        }
        node.events().publish(new NetworkEvent(summary, NetworkEvent.Type.STOPPED));
    }

    @Override
    public void setAutostart(UUID uuid, boolean autostart) {
        node.requireNetwork(uuid).setAutostart(autostart);
    }

    @Override
    public String xml(UUID uuid, boolean inactive) {
        TestNetwork network = node.requireNetwork(uuid);
        return (inactive ? network.inactiveDefinition() : network.current()).xml();
    }

    /**
     * Applies a change as libvirt's test driver does through virNetworkObjUpdate: the definition
     * changes, nothing else does (there is no dnsmasq to tell).
     */
    @Override
    public NetworkSummary update(UUID uuid, NetworkUpdate update, boolean live, boolean config) {
        TestNetwork network = node.requireNetwork(uuid);
        synchronized (network) {
            boolean active = network.isActive();
            boolean current = !live && !config;
            boolean toLive = live || (current && active);
            boolean toConfig = config || (current && !active);
            if (toLive && !active) {
                throw VirtException.of(ErrorCode.OPERATION_INVALID, "network is not running");
            }
            if (toConfig && !network.isPersistent()) {
                throw VirtException.of(ErrorCode.OPERATION_INVALID, "cannot change persistent config of a transient network");
            }
            NetworkDefinition newConfig = toConfig ? networkXml.update(network.inactiveDefinition(), update) : null;
            NetworkDefinition newLive = toLive ? networkXml.update(network.current(), update) : null;
            if (newConfig != null) {
                network.redefine(newConfig);
            }
            if (newLive != null) {
                network.updateLive(newLive);
            }
            return network.summary();
        }
    }

    /** The last summary of a network that no longer exists. */
    private static NetworkSummary gone(NetworkSummary last) {
        return new NetworkSummary(last.name(), last.uuid(), false, false, false, last.bridge());
    }
}
