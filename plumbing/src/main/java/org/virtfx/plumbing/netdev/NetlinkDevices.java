package org.virtfx.plumbing.netdev;

import com.sun.jna.Memory;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.net.IpPrefix;
import org.virtfx.core.net.MacAddress;
import org.virtfx.plumbing.netdev.RequestBatches.Outcome;

/**
 * {@link NetDevices} over rtnetlink: one request per change, answered in tens of microseconds,
 * with the kernel's own error text. Devices are addressed by name ({@code ifi_index} 0 plus
 * {@code IFLA_IFNAME}), which the kernel resolves inside the socket's namespace.
 */
public final class NetlinkDevices implements NetDevices {
    /** {@code TUNSETIFF}, {@code _IOW('T', 202, int)}. */
    private static final long TUNSETIFF = 0x400454caL;
    /** {@code TUNSETPERSIST}, {@code _IOW('T', 203, int)}. */
    private static final long TUNSETPERSIST = 0x400454cbL;
    private static final short IFF_TAP = 0x0002;
    private static final short IFF_NO_PI = 0x1000;
    /** Makes {@code TUNSETIFF} fail with EBUSY instead of attaching to an existing device. */
    private static final short IFF_TUN_EXCL = (short) 0x8000;
    private static final int IFNAMSIZ = 16;
    /** {@code SIOCSIFHWADDR}: the tun driver takes it on its own descriptor too. */
    private static final long SIOCSIFHWADDR = 0x8924L;
    private static final short ARPHRD_ETHER = 1;
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;

    /** A deletion batch goes once no other deletion came for this long... */
    private static final long STRAGGLER_QUIET_NANOS = 1_000_000;
    /** ...or once it has waited this long in all, a fraction of what the deletion itself costs. */
    private static final long STRAGGLER_MAX_NANOS = 8_000_000;

    private final NetNamespace namespace;
    private final NetlinkPool netlink;
    private final PortIpv6 portIpv6;
    /** Creations (and taps' set-up) gathered into one datagram; see {@link #createVeth}. */
    private final RequestBatches<LinkRequest, Netlink.Ack> creations = new RequestBatches<>(this::sendTogether);
    /** Deletions gathered into one device group; see {@link #delete(String)}. */
    private final RequestBatches<String, Boolean> deletions = new RequestBatches<>(this::deleteTogether,
            this::gatherDeletions);

    NetlinkDevices(NetNamespace namespace, NetlinkPool netlink) {
        this.namespace = namespace;
        this.netlink = netlink;
        this.portIpv6 = new PortIpv6(namespace);
    }

    /** Opens a netlink socket inside {@code namespace}; close it when done. */
    public static NetlinkDevices open(NetNamespace namespace) {
        return new NetlinkDevices(namespace, new NetlinkPool(namespace));
    }

    @Override
    public NetNamespace namespace() {
        return namespace;
    }

    /**
     * Creates a pair in one {@code RTM_NEWLINK}, sent in one datagram with whatever other
     * creations are waiting ({@link RequestBatches}): a hundred containers starting at once
     * otherwise each wake a thread and queue for {@code rtnl_lock} on their own, which costs
     * half as much again as the kernel's work. The kernel answers every request of a datagram
     * on its own, so a name another process took first fails only its own request, which the
     * caller retries with the next name in a later batch.
     */
    @Override
    public boolean createVeth(String name, String peer, NetNamespace peerNamespace, Optional<MacAddress> peerMac,
                              HostEnd hostEnd) {
        DeviceName.require(name);
        DeviceName.require(peer);
        boolean elsewhere = !peerNamespace.equals(namespace);
        // Opened by the caller and held until its batch is answered: the kernel reads it then.
        int namespaceFd = elsewhere ? peerNamespace.open() : -1;
        try {
            LinkRequest request = new LinkRequest(name, hostEnd, true, bridgeIndex -> {
                int up = hostEnd.up() ? Netlink.IFF_UP : 0;
                Netlink.Message message = new Netlink.Message(Netlink.RTM_NEWLINK,
                        (short) (Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL)).ifinfo(0, up, up)
                        .attribute(Netlink.IFLA_IFNAME, name);
                singleQueue(message);
                hostEnd.mac().ifPresent(mac -> message.attribute(Netlink.IFLA_ADDRESS, mac.bytes()));
                // The kernel wants the bridge's index; resolving it also names a missing bridge.
                hostEnd.bridge().ifPresent(bridge -> message.attribute(Netlink.IFLA_MASTER,
                        bridgeIndex.applyAsInt(bridge)));
                int linkInfo = message.begin(Netlink.IFLA_LINKINFO);
                message.attribute(Netlink.IFLA_INFO_KIND, "veth");
                int data = message.begin(Netlink.IFLA_INFO_DATA);
                // VETH_INFO_PEER carries a whole ifinfomsg and attributes for the peer: its name,
                // address and namespace are set as it is born.
                int peerInfo = message.begin(Netlink.VETH_INFO_PEER);
                message.ifinfo(0, 0, 0).attribute(Netlink.IFLA_IFNAME, peer);
                singleQueue(message);
                peerMac.ifPresent(mac -> message.attribute(Netlink.IFLA_ADDRESS, mac.bytes()));
                if (elsewhere) {
                    message.attribute(Netlink.IFLA_NET_NS_FD, namespaceFd);
                }
                message.end(peerInfo);
                message.end(data);
                message.end(linkInfo);
                return message;
            });
            return created(creations.submit(request), "veth pair '" + name + "'/'" + peer + "'");
        } finally {
            if (namespaceFd >= 0) {
                LibC.close(namespaceFd);
            }
        }
    }

    /**
     * One caller's creation or set-up of {@code device}, whose message is built when its batch
     * goes out, with the batch's bridge lookups.
     *
     * @param creates whether the request makes the device, which a failure after it then removes
     */
    private record LinkRequest(String device, HostEnd hostEnd, boolean creates,
                               Function<ToIntFunction<String>, Netlink.Message> message) {
        /** @throws VirtException when the request cannot be made (a missing bridge): it alone fails */
        Netlink.Message build(ToIntFunction<String> bridgeIndex) {
            return message.apply(bridgeIndex);
        }
    }

    /**
     * Sends a batch of creations as one datagram ({@link Netlink#executeAll}). Each bridge named
     * in the batch is looked up once; a request whose bridge is missing fails alone, unsent.
     */
    private List<Outcome<Netlink.Ack>> sendTogether(List<LinkRequest> requests) {
        Map<String, Integer> bridges = new HashMap<>();
        ToIntFunction<String> bridgeIndex = bridge -> bridges.computeIfAbsent(bridge,
                missing -> find(missing).map(LinkInfo::index).orElseThrow(() -> missingBridge(missing)));
        List<Outcome<Netlink.Ack>> outcomes = new ArrayList<>();
        List<Netlink.Message> messages = new ArrayList<>();
        List<Integer> sent = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            try {
                messages.add(requests.get(i).build(bridgeIndex));
                sent.add(i);
                outcomes.add(null);
            } catch (VirtException e) {
                outcomes.add(Outcome.failed(e));
            }
        }
        List<Netlink.Ack> acks = messages.isEmpty() ? List.of() : netlink.executeAll(messages);
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < acks.size(); i++) {
            outcomes.set(sent.get(i), Outcome.of(acks.get(i)));
            if (acks.get(i).ok() && requests.get(sent.get(i)).hostEnd().bridge().isPresent()) {
                ports.add(sent.get(i));
            }
        }
        keepPortsOutOfIpv6(requests, outcomes, ports);
        return outcomes;
    }

    /**
     * Switches IPv6 off on the bridge ports a batch made or plugged ({@link PortIpv6}). A port
     * where that fails fails its own request; a pair made by it is removed again, so that a
     * failed plug leaves nothing, and a device it only plugged (a tap) is the caller's to undo,
     * as {@link TapDevices} deletes a tap whose set-up failed.
     *
     * @param ports the indexes of the requests that made or plugged a port
     */
    private void keepPortsOutOfIpv6(List<LinkRequest> requests, List<Outcome<Netlink.Ack>> outcomes,
                                    List<Integer> ports) {
        List<String> names = ports.stream().map(i -> requests.get(i).device()).toList();
        Map<String, VirtException> failures;
        try {
            failures = portIpv6.disable(names);
        } catch (VirtException e) {
            // The namespace could not be entered: every port of the batch fails alike.
            failures = new HashMap<>();
            for (String name : names) {
                failures.put(name, e);
            }
        }
        for (int i : ports) {
            VirtException failure = failures.get(requests.get(i).device());
            if (failure != null) {
                if (requests.get(i).creates()) {
                    Outcome<Boolean> removed = deleteOne(requests.get(i).device());
                    if (removed.failure() != null) {
                        failure.addSuppressed(removed.failure());
                    }
                }
                outcomes.set(i, Outcome.failed(failure));
            }
        }
    }

    @Override
    public boolean createBridge(String name) {
        DeviceName.require(name);
        Netlink.Message message = new Netlink.Message(Netlink.RTM_NEWLINK,
                (short) (Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL)).ifinfo(0, 0, 0)
                .attribute(Netlink.IFLA_IFNAME, name);
        int linkInfo = message.begin(Netlink.IFLA_LINKINFO);
        message.attribute(Netlink.IFLA_INFO_KIND, "bridge");
        message.end(linkInfo);
        return created(netlink.execute(message), "bridge '" + name + "'");
    }

    @Override
    public void setMulticastQuerier(String bridge, boolean querier) {
        setBridgeFlags(bridge, "cannot turn " + (querier ? "on" : "off") + " the multicast querier of bridge '"
                + bridge + "'", Netlink.IFLA_BR_MCAST_SNOOPING, 1, Netlink.IFLA_BR_MCAST_QUERIER, querier ? 1 : 0);
    }

    @Override
    public void setMulticastSnooping(String bridge, boolean snooping) {
        setBridgeFlags(bridge, "cannot turn " + (snooping ? "on" : "off") + " the multicast snooping of bridge '"
                + bridge + "'", Netlink.IFLA_BR_MCAST_SNOOPING, snooping ? 1 : 0);
    }

    /**
     * An {@code RTM_NEWLINK} on the existing bridge with one-byte options, given as attribute
     * and value in turn, which the kernel hands to the bridge's {@code changelink}.
     */
    private void setBridgeFlags(String bridge, String failure, int... attributesAndValues) {
        Netlink.Message message = byName(Netlink.RTM_NEWLINK, bridge);
        int linkInfo = message.begin(Netlink.IFLA_LINKINFO);
        message.attribute(Netlink.IFLA_INFO_KIND, "bridge");
        int data = message.begin(Netlink.IFLA_INFO_DATA);
        for (int i = 0; i < attributesAndValues.length; i += 2) {
            message.attribute(attributesAndValues[i], new byte[] {(byte) attributesAndValues[i + 1]});
        }
        message.end(data);
        message.end(linkInfo);
        check(netlink.execute(message), failure);
    }

    /**
     * The tun driver refuses creation over rtnetlink, so a tap is made the classic way: open
     * {@code /dev/net/tun} inside the namespace (the device is born in the namespace of the
     * opener), {@code TUNSETIFF}, {@code TUNSETPERSIST}, close.
     */
    @Override
    public boolean createTap(String name) {
        return createTap(name, Optional.empty());
    }

    /**
     * As {@link #createTap(String)}, with {@code SIOCSIFHWADDR} on the tun descriptor before
     * {@code TUNSETPERSIST}: until then the tap dies with the descriptor, so a process killed at
     * any point leaves no tap or one that has its address.
     */
    @Override
    public boolean createTap(String name, MacAddress mac) {
        return createTap(name, Optional.of(mac));
    }

    private boolean createTap(String name, Optional<MacAddress> mac) {
        DeviceName.require(name);
        return namespace.call(() -> {
            int fd = LibC.open("/dev/net/tun", LibC.O_RDWR | LibC.O_CLOEXEC);
            if (fd < 0) {
                throw Netlink.systemError("cannot open /dev/net/tun", LibC.errno());
            }
            try {
                Memory request = new Memory(40);
                request.clear();
                byte[] bytes = name.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                request.write(0, bytes, 0, bytes.length);
                request.setShort(IFNAMSIZ, (short) (IFF_TAP | IFF_NO_PI | IFF_TUN_EXCL));
                if (LibC.ioctl(fd, TUNSETIFF, request) < 0) {
                    int errno = LibC.errno();
                    if (errno == LibC.EBUSY || errno == LibC.EEXIST) {
                        return false;
                    }
                    throw Netlink.systemError("cannot create tap device '" + name + "'", errno);
                }
                if (mac.isPresent()) {
                    // struct ifreq's ifr_hwaddr: a sockaddr after the name, family then address.
                    request.setShort(IFNAMSIZ, ARPHRD_ETHER);
                    request.write(IFNAMSIZ + 2, mac.get().bytes(), 0, 6);
                    if (LibC.ioctl(fd, SIOCSIFHWADDR, request) < 0) {
                        throw Netlink.systemError("cannot set the address of tap device '" + name + "'", LibC.errno());
                    }
                }
                if (LibC.ioctl(fd, TUNSETPERSIST, 1L) < 0) {
                    // Closing the descriptor of a non-persistent tap removes it: nothing to undo.
                    throw Netlink.systemError("cannot make tap device '" + name + "' persistent", LibC.errno());
                }
                return true;
            } finally {
                LibC.close(fd);
            }
        });
    }

    /**
     * Deletes a device, in one batch with whatever other deletions are waiting
     * ({@link RequestBatches}). The kernel makes every deletion wait for RCU grace periods
     * (about 16 ms here) and holds {@code rtnl_lock} for part of that; a hundred containers
     * stopping at once would queue a hundred such waits, where a batch (one random device
     * group) pays one.
     */
    @Override
    public boolean delete(String name) {
        DeviceName.require(name);
        return deletions.submit(name);
    }

    /**
     * Lets a batch of deletions grow before it goes. Creations go first: their batch in flight
     * holds {@code rtnl_lock} message by message, and a deletion wedged in between would slow
     * the starts a user is waiting for; its callers, once answered, often have deletions of
     * their own (a failed start's undo, a cycle of start and stop). Then deletions still
     * arriving are waited for, briefly: each batch costs RCU grace periods (16 ms and more),
     * so a millisecond that saves a second batch is well spent.
     */
    private void gatherDeletions() {
        creations.awaitBatchInFlight();
        deletions.awaitStragglers(STRAGGLER_QUIET_NANOS, STRAGGLER_MAX_NANOS);
    }

    @Override
    public void deleteAll(Collection<String> names) {
        names.forEach(DeviceName::require);
        VirtException first = null;
        for (Outcome<Boolean> outcome : deleteTogether(List.copyOf(names))) {
            if (outcome.failure() != null) {
                if (first == null) {
                    first = outcome.failure();
                } else {
                    first.addSuppressed(outcome.failure());
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /**
     * Deletes {@code names} in one request where possible: each is put into a fresh random
     * device group, then the group is deleted. If the kernel refuses the group (one of them
     * cannot be deleted at all, such as a physical NIC), each is deleted on its own so that the
     * others still go and the refusal is reported for that one device only.
     */
    private List<Outcome<Boolean>> deleteTogether(List<String> names) {
        if (names.size() == 1) {
            return List.of(deleteOne(names.get(0)));
        }
        List<Outcome<Boolean>> outcomes = new ArrayList<>(Collections.nCopies(names.size(), null));
        List<Integer> marked = new ArrayList<>();
        int group = DeviceGroups.fresh();
        // The markings travel in one datagram too: a hundred round trips would cost more than
        // the group's deletion saves.
        List<Netlink.Ack> acks = netlink.executeAll(names.stream()
                .map(name -> byName(Netlink.RTM_SETLINK, name).attribute(Netlink.IFLA_GROUP, group)).toList());
        for (int i = 0; i < names.size(); i++) {
            Netlink.Ack ack = acks.get(i);
            if (ack.errno() == LibC.ENODEV) {
                outcomes.set(i, Outcome.of(false));
            } else if (!ack.ok()) {
                outcomes.set(i, Outcome.failed(failure(ack, "cannot delete device '" + names.get(i) + "'")));
            } else {
                marked.add(i);
            }
        }
        if (!marked.isEmpty()) {
            Netlink.Ack ack = netlink.execute(new Netlink.Message(Netlink.RTM_DELLINK, (short) 0).ifinfo(0, 0, 0)
                    .attribute(Netlink.IFLA_GROUP, group));
            for (int i : marked) {
                outcomes.set(i, ack.ok() || ack.errno() == LibC.ENODEV ? Outcome.of(true) : deleteOne(names.get(i)));
            }
        }
        return outcomes;
    }

    private Outcome<Boolean> deleteOne(String name) {
        Netlink.Ack ack = netlink.execute(byName(Netlink.RTM_DELLINK, name));
        if (ack.errno() == LibC.ENODEV) {
            return Outcome.of(false);
        }
        if (!ack.ok()) {
            // Best effort: a device that stays should not keep the batch's group number.
            netlink.execute(byName(Netlink.RTM_SETLINK, name).attribute(Netlink.IFLA_GROUP, 0));
            return Outcome.failed(failure(ack, "cannot delete device '" + name + "'"));
        }
        return Outcome.of(true);
    }

    @Override
    public void rename(String name, String newName) {
        DeviceName.require(newName);
        int index = indexOf(name);
        Netlink.Message message = new Netlink.Message(Netlink.RTM_SETLINK, (short) 0).ifinfo(index, 0, 0)
                .attribute(Netlink.IFLA_IFNAME, newName);
        check(netlink.execute(message), "cannot rename '" + name + "' to '" + newName + "'");
    }

    @Override
    public void setMac(String name, MacAddress mac) {
        check(netlink.execute(byName(Netlink.RTM_SETLINK, name).attribute(Netlink.IFLA_ADDRESS, mac.bytes())),
                "cannot set MAC address of '" + name + "' to " + mac);
    }

    @Override
    public void setMtu(String name, int mtu) {
        check(netlink.execute(byName(Netlink.RTM_SETLINK, name).attribute(Netlink.IFLA_MTU, mtu)),
                "cannot set MTU of '" + name + "' to " + mtu);
    }

    @Override
    public void setUp(String name, boolean up) {
        DeviceName.require(name);
        Netlink.Message message = new Netlink.Message(Netlink.RTM_SETLINK, (short) 0)
                .ifinfo(0, up ? Netlink.IFF_UP : 0, Netlink.IFF_UP)
                .attribute(Netlink.IFLA_IFNAME, name);
        check(netlink.execute(message), "cannot bring '" + name + "' " + (up ? "up" : "down"));
    }

    /**
     * One {@code RTM_SETLINK} (the kernel applies the address, then the bridge, then the flags),
     * sent with the creations waiting, so that taps plugged at once share batches with veths.
     */
    @Override
    public void configure(String name, HostEnd hostEnd) {
        DeviceName.require(name);
        LinkRequest request = new LinkRequest(name, hostEnd, false, bridgeIndex -> {
            int up = hostEnd.up() ? Netlink.IFF_UP : 0;
            Netlink.Message message = new Netlink.Message(Netlink.RTM_SETLINK, (short) 0).ifinfo(0, up, Netlink.IFF_UP)
                    .attribute(Netlink.IFLA_IFNAME, name);
            hostEnd.mac().ifPresent(mac -> message.attribute(Netlink.IFLA_ADDRESS, mac.bytes()));
            hostEnd.bridge().ifPresent(bridge -> message.attribute(Netlink.IFLA_MASTER, bridgeIndex.applyAsInt(bridge)));
            return message;
        });
        check(creations.submit(request), "cannot set up '" + name + "'" + hostEnd.mac().map(mac -> " with address "
                + mac).orElse("") + hostEnd.bridge().map(bridge -> " on bridge '" + bridge + "'").orElse(""));
    }

    @Override
    public void attach(String name, String bridge) {
        int bridgeIndex = find(bridge).map(LinkInfo::index).orElseThrow(() -> missingBridge(bridge));
        check(netlink.execute(byName(Netlink.RTM_SETLINK, name).attribute(Netlink.IFLA_MASTER, bridgeIndex)),
                "cannot attach '" + name + "' to bridge '" + bridge + "'");
    }

    @Override
    public void detach(String name) {
        check(netlink.execute(byName(Netlink.RTM_SETLINK, name).attribute(Netlink.IFLA_MASTER, 0)),
                "cannot detach '" + name + "' from its bridge");
    }

    @Override
    public void moveTo(String name, NetNamespace target) {
        int fd = target.open();
        try {
            check(netlink.execute(byName(Netlink.RTM_SETLINK, name).attribute(Netlink.IFLA_NET_NS_FD, fd)),
                    "cannot move '" + name + "' to network namespace " + target);
        } finally {
            LibC.close(fd);
        }
    }

    @Override
    public void addAddress(String name, IpPrefix address) {
        int index = indexOf(name);
        byte[] bytes = address.address().getAddress();
        Netlink.Message message = new Netlink.Message(Netlink.RTM_NEWADDR,
                (short) (Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL))
                .ifaddr(address.isIpv4() ? AF_INET : AF_INET6, address.length(), index)
                .attribute(Netlink.IFA_LOCAL, bytes)
                .attribute(Netlink.IFA_ADDRESS, bytes);
        if (address.isIpv4()) {
            message.attribute(Netlink.IFA_BROADCAST, address.broadcast().getAddress());
        }
        Netlink.Ack ack = netlink.execute(message);
        if (ack.errno() != LibC.EEXIST) {
            check(ack, "cannot add address " + address + " to '" + name + "'");
        }
    }

    @Override
    public void addRoute(String name, IpPrefix destination, InetAddress gateway, int metric) {
        int index = indexOf(name);
        if (destination.isIpv4() != (gateway instanceof java.net.Inet4Address)) {
            throw VirtException.of(ErrorCode.INVALID_ARG, "route to " + destination + " through " + gateway.getHostAddress()
                    + " mixes IPv4 and IPv6");
        }
        Netlink.Message message = new Netlink.Message(Netlink.RTM_NEWROUTE,
                (short) (Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL))
                .staticRoute(destination.isIpv4() ? AF_INET : AF_INET6, destination.length())
                .attribute(Netlink.RTA_DST, destination.network().getAddress())
                .attribute(Netlink.RTA_GATEWAY, gateway.getAddress())
                .attribute(Netlink.RTA_OIF, index)
                .attribute(Netlink.RTA_PRIORITY, metric);
        check(netlink.execute(message), "cannot add route to " + destination + " via " + gateway.getHostAddress()
                + " on '" + name + "'");
    }

    @Override
    public List<IpPrefix> addresses(String name) {
        int index = indexOf(name);
        List<IpPrefix> result = new ArrayList<>();
        for (ByteBuffer payload : netlink.dump(new Netlink.Message(Netlink.RTM_GETADDR, (short) 0).ifaddr(0, 0, 0))) {
            if (payload.getInt(4) != index) {
                continue;
            }
            int prefixLength = Byte.toUnsignedInt(payload.get(1));
            byte[] address = null;
            int offset = 8;
            while (offset + 4 <= payload.limit()) {
                int length = Short.toUnsignedInt(payload.getShort(offset));
                int type = payload.getShort(offset + 2) & 0x3fff;
                if (length < 4 || offset + length > payload.limit()) {
                    break;
                }
                // IFA_LOCAL is the interface's own address where it differs from IFA_ADDRESS
                // (the peer, on point-to-point links); prefer it.
                if (type == Netlink.IFA_LOCAL || (type == Netlink.IFA_ADDRESS && address == null)) {
                    address = new byte[length - 4];
                    payload.get(offset + 4, address);
                }
                offset += Netlink.align(length);
            }
            if (address != null) {
                try {
                    result.add(new IpPrefix(java.net.InetAddress.getByAddress(address), prefixLength));
                } catch (java.net.UnknownHostException e) {
                    throw new IllegalStateException("the kernel sent an address of " + address.length + " bytes", e);
                }
            }
        }
        return result;
    }

    private VirtException missingBridge(String bridge) {
        return VirtException.of(ErrorCode.NO_INTERFACE, "no bridge '" + bridge + "' in network namespace " + namespace);
    }

    private int indexOf(String name) {
        return find(name).map(LinkInfo::index).orElseThrow(() -> VirtException.of(ErrorCode.NO_INTERFACE,
                "no device '" + name + "' in network namespace " + namespace));
    }

    @Override
    public Optional<LinkInfo> find(String name) {
        DeviceName.require(name);
        Netlink.Message request = new Netlink.Message(Netlink.RTM_GETLINK, (short) 0).ifinfo(0, 0, 0)
                .attribute(Netlink.IFLA_IFNAME, name);
        Netlink.Reply reply = netlink.query(request);
        if (reply.payload() == null) {
            if (reply.ack().errno() == LibC.ENODEV) {
                return Optional.empty();
            }
            check(reply.ack(), "cannot look up device '" + name + "'");
        }
        RawLink link = RawLink.parse(reply.payload());
        Optional<String> master = Optional.empty();
        if (link.master() > 0) {
            Netlink.Reply bridge = netlink.query(new Netlink.Message(Netlink.RTM_GETLINK, (short) 0)
                    .ifinfo(link.master(), 0, 0));
            if (bridge.payload() != null) {
                master = Optional.of(RawLink.parse(bridge.payload()).name());
            }
        }
        return Optional.of(link.toInfo(master));
    }

    @Override
    public List<LinkInfo> list() {
        List<RawLink> links = new ArrayList<>();
        for (ByteBuffer payload : netlink.dump(new Netlink.Message(Netlink.RTM_GETLINK, (short) 0).ifinfo(0, 0, 0))) {
            links.add(RawLink.parse(payload));
        }
        Map<Integer, String> names = new HashMap<>();
        links.forEach(link -> names.put(link.index(), link.name()));
        List<LinkInfo> result = new ArrayList<>();
        for (RawLink link : links) {
            result.add(link.toInfo(Optional.ofNullable(names.get(link.master()))));
        }
        return result;
    }

    @Override
    public void close() {
        try {
            portIpv6.close();
        } finally {
            netlink.close();
        }
    }

    /**
     * One queue each way for a veth end. The kernel otherwise gives a veth a queue per CPU, each
     * with its own sysfs objects, which makes creation a third slower here (0.33 ms against
     * 0.22 ms a pair) and far slower on many-core hosts; a veth's queues only matter to XDP,
     * which VirtFX does not use. Both implementations make the same devices.
     */
    private static void singleQueue(Netlink.Message message) {
        message.attribute(Netlink.IFLA_NUM_TX_QUEUES, 1).attribute(Netlink.IFLA_NUM_RX_QUEUES, 1);
    }

    private static Netlink.Message byName(short type, String name) {
        DeviceName.require(name);
        return new Netlink.Message(type, (short) 0).ifinfo(0, 0, 0).attribute(Netlink.IFLA_IFNAME, name);
    }

    private static boolean created(Netlink.Ack ack, String what) {
        if (ack.errno() == LibC.EEXIST) {
            return false;
        }
        check(ack, "cannot create " + what);
        return true;
    }

    private static void check(Netlink.Ack ack, String what) {
        if (!ack.ok()) {
            throw failure(ack, what);
        }
    }

    private static VirtException failure(Netlink.Ack ack, String what) {
        ErrorCode code = ack.errno() == LibC.ENODEV ? ErrorCode.NO_INTERFACE : ErrorCode.OPERATION_FAILED;
        return new VirtException(code, what + ": " + ack.message(), "errno " + ack.errno(), null);
    }

    /** The attributes of one {@code RTM_NEWLINK} answer that {@link LinkInfo} needs. */
    private record RawLink(int index, int flags, String name, String kind, byte[] address, int mtu, int master) {

        static RawLink parse(ByteBuffer payload) {
            int index = payload.getInt(4);
            int flags = payload.getInt(8);
            String name = "";
            String kind = "";
            byte[] address = null;
            int mtu = 0;
            int master = 0;
            int offset = 16;
            while (offset + 4 <= payload.limit()) {
                int length = Short.toUnsignedInt(payload.getShort(offset));
                int type = payload.getShort(offset + 2) & 0x3fff;
                if (length < 4 || offset + length > payload.limit()) {
                    break;
                }
                int value = offset + 4;
                switch (type) {
                    case Netlink.IFLA_IFNAME -> name = Netlink.cString(payload, value, length - 4);
                    case Netlink.IFLA_MTU -> mtu = payload.getInt(value);
                    case Netlink.IFLA_MASTER -> master = payload.getInt(value);
                    case Netlink.IFLA_ADDRESS -> {
                        address = new byte[length - 4];
                        payload.get(value, address);
                    }
                    case Netlink.IFLA_LINKINFO -> kind = kindOf(payload, value, offset + length);
                    default -> {
                    }
                }
                offset += Netlink.align(length);
            }
            return new RawLink(index, flags, name, kind, address, mtu, master);
        }

        private static String kindOf(ByteBuffer payload, int start, int end) {
            int offset = start;
            while (offset + 4 <= end) {
                int length = Short.toUnsignedInt(payload.getShort(offset));
                if (length < 4) {
                    break;
                }
                if ((payload.getShort(offset + 2) & 0x3fff) == Netlink.IFLA_INFO_KIND) {
                    return Netlink.cString(payload, offset + 4, length - 4);
                }
                offset += Netlink.align(length);
            }
            return "";
        }

        LinkInfo toInfo(Optional<String> masterName) {
            Optional<MacAddress> mac = address != null && address.length == 6
                    ? Optional.of(new MacAddress(address)) : Optional.empty();
            return new LinkInfo(name, index, kind, mac, mtu, (flags & Netlink.IFF_UP) != 0,
                    master > 0 ? masterName : Optional.empty());
        }
    }
}
