package org.virtfx.plumbing.netdev;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.net.IpPrefix;
import org.virtfx.core.net.MacAddress;

/**
 * Real devices with one step made to fail, the way a full kernel table or a vanished bridge
 * would: the injected step throws instead of running. Also counts names refused as taken, so a
 * test can prove a competitor really got in the way.
 */
final class FailingDevices implements NetDevices {
    /**
     * The steps of plugging a device into a bridge, in order. A veth takes them all in its one
     * creating request ({@link HostEnd}), so only {@code CREATE} reaches it; a tap takes each, the
     * last three in one request ({@link NetDevices#configure}).
     */
    enum Step { CREATE, SET_MAC, ATTACH, BRING_UP, NONE }

    private final NetDevices real;
    private final Step failing;
    final AtomicInteger takenNames = new AtomicInteger();

    FailingDevices(NetDevices real, Step failing) {
        this.real = real;
        this.failing = failing;
    }

    private void maybeFail(Step step) {
        if (step == failing) {
            throw VirtException.of(ErrorCode.OPERATION_FAILED, "injected failure at " + step);
        }
    }

    @Override
    public NetNamespace namespace() {
        return real.namespace();
    }

    @Override
    public boolean createVeth(String name, String peer, NetNamespace peerNamespace, Optional<MacAddress> peerMac,
                              HostEnd hostEnd) {
        maybeFail(Step.CREATE);
        boolean created = real.createVeth(name, peer, peerNamespace, peerMac, hostEnd);
        if (!created) {
            takenNames.incrementAndGet();
        }
        return created;
    }

    @Override
    public boolean createTap(String name) {
        maybeFail(Step.CREATE);
        return real.createTap(name);
    }

    @Override
    public boolean createBridge(String name) {
        return real.createBridge(name);
    }

    @Override
    public void setMulticastQuerier(String bridge, boolean querier) {
        real.setMulticastQuerier(bridge, querier);
    }

    @Override
    public void setMulticastSnooping(String bridge, boolean snooping) {
        real.setMulticastSnooping(bridge, snooping);
    }

    @Override
    public boolean delete(String name) {
        return real.delete(name);
    }

    @Override
    public void deleteAll(Collection<String> names) {
        real.deleteAll(names);
    }

    @Override
    public void rename(String name, String newName) {
        real.rename(name, newName);
    }

    @Override
    public void setMac(String name, MacAddress mac) {
        maybeFail(Step.SET_MAC);
        real.setMac(name, mac);
    }

    /** A tap's set-up takes the steps its {@code hostEnd} names, in the order the kernel does. */
    @Override
    public void configure(String name, HostEnd hostEnd) {
        if (hostEnd.mac().isPresent()) {
            maybeFail(Step.SET_MAC);
        }
        if (hostEnd.bridge().isPresent()) {
            maybeFail(Step.ATTACH);
        }
        if (hostEnd.up()) {
            maybeFail(Step.BRING_UP);
        }
        real.configure(name, hostEnd);
    }

    @Override
    public void setMtu(String name, int mtu) {
        real.setMtu(name, mtu);
    }

    @Override
    public void setUp(String name, boolean up) {
        maybeFail(Step.BRING_UP);
        real.setUp(name, up);
    }

    @Override
    public void attach(String name, String bridge) {
        maybeFail(Step.ATTACH);
        real.attach(name, bridge);
    }

    @Override
    public void detach(String name) {
        real.detach(name);
    }

    @Override
    public void moveTo(String name, NetNamespace target) {
        real.moveTo(name, target);
    }

    @Override
    public void addAddress(String name, IpPrefix address) {
        real.addAddress(name, address);
    }

    @Override
    public void addRoute(String name, IpPrefix destination, java.net.InetAddress gateway, int metric) {
        real.addRoute(name, destination, gateway, metric);
    }

    @Override
    public List<IpPrefix> addresses(String name) {
        return real.addresses(name);
    }

    @Override
    public Optional<LinkInfo> find(String name) {
        return real.find(name);
    }

    @Override
    public List<LinkInfo> list() {
        return real.list();
    }

    @Override
    public void close() {
        real.close();
    }
}
