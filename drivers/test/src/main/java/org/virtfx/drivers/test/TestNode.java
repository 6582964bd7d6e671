package org.virtfx.drivers.test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.virtfx.core.driver.DomainJobs;
import org.virtfx.core.driver.DomainObjectList;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.event.EventBus;
import org.virtfx.core.host.HostInterface;
import org.virtfx.core.host.NodeInfo;
import org.virtfx.core.host.NumaCell;

/**
 * The whole state of one test "host": node facts, domains, networks, pools and interfaces.
 * The network and pool maps are guarded by this object's monitor, held only to add, remove or
 * copy entries; the domain list guards its own; each object guards its own fields.
 */
final class TestNode {
    private final NodeInfo nodeInfo;
    private final List<NumaCell> cells;
    private final List<HostInterface> interfaces;
    /** The domains; a test domain's runtime is the synthetic CPU of its current run. */
    private final DomainObjectList<SyntheticCpu> domains = new DomainObjectList<>();
    private final Map<UUID, TestNetwork> networks = new LinkedHashMap<>();
    private final Map<UUID, TestPool> pools = new LinkedHashMap<>();
    /** libvirt's nextDomID: ids are handed out in order and never reused. */
    private final AtomicInteger nextDomainId = new AtomicInteger(1);
    private final EventBus events = new EventBus();
    private final DomainJobs jobs = new DomainJobs(domains, events);

    TestNode(NodeInfo nodeInfo, List<NumaCell> cells, List<HostInterface> interfaces) {
        this.nodeInfo = nodeInfo;
        this.cells = List.copyOf(cells);
        this.interfaces = List.copyOf(interfaces);
    }

    NodeInfo nodeInfo() {
        return nodeInfo;
    }

    List<NumaCell> cells() {
        return cells;
    }

    List<HostInterface> interfaces() {
        return interfaces;
    }

    EventBus events() {
        return events;
    }

    int takeDomainId() {
        return nextDomainId.getAndIncrement();
    }

    DomainObjectList<SyntheticCpu> domains() {
        return domains;
    }

    /** Runs the domains' jobs and publishes their events once they are over. */
    DomainJobs jobs() {
        return jobs;
    }

    synchronized List<TestNetwork> networks() {
        return new ArrayList<>(networks.values());
    }

    synchronized void putNetwork(UUID uuid, TestNetwork network) {
        networks.put(uuid, network);
    }

    synchronized void removeNetwork(UUID uuid) {
        networks.remove(uuid);
    }

    synchronized TestNetwork requireNetwork(UUID uuid) {
        return Optional.ofNullable(networks.get(uuid)).orElseThrow(() -> VirtException.of(
                ErrorCode.NO_NETWORK, "no network with matching uuid '" + uuid + "'"));
    }

    synchronized List<TestPool> pools() {
        return new ArrayList<>(pools.values());
    }

    synchronized void putPool(UUID uuid, TestPool pool) {
        pools.put(uuid, pool);
    }

    synchronized void removePool(UUID uuid) {
        pools.remove(uuid);
    }

    synchronized TestPool requirePool(UUID uuid) {
        return Optional.ofNullable(pools.get(uuid)).orElseThrow(() -> VirtException.of(
                ErrorCode.NO_STORAGE_POOL, "no storage pool with matching uuid '" + uuid + "'"));
    }
}
