package org.virtfx.plumbing.netdev;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.net.IpPrefix;
import org.virtfx.core.net.MacAddress;
import org.virtfx.plumbing.process.HostProcess;

/**
 * {@link NetDevices} through iproute2's {@code ip}, one process per operation: the fallback
 * where JNA cannot load, and a cross-check of the netlink implementation (the same tests run
 * against both). A named namespace is reached with {@code ip -n NAME}, any other with
 * {@code nsenter --net=PATH}.
 */
public final class IpRouteDevices implements NetDevices {
    private static final Pattern LINE = Pattern.compile("^(\\d+): ([^:@\\s]+)(?:@\\S+)?: <([^>]*)> (.*)$");
    private static final Pattern MTU = Pattern.compile("\\bmtu (\\d+)");
    private static final Pattern MASTER = Pattern.compile("\\bmaster (\\S+)");
    private static final Pattern ADDRESS = Pattern.compile("\\binet6? ([0-9a-fA-F:.]+/\\d+)");
    private static final Pattern ETHER = Pattern.compile("link/\\S+ ([0-9a-f]{2}(?::[0-9a-f]{2}){5})\\b");

    private final NetNamespace namespace;
    private final IpCommand ip;
    private final PortIpv6 portIpv6;

    IpRouteDevices(NetNamespace namespace, IpCommand ip) {
        this.namespace = namespace;
        this.ip = ip;
        this.portIpv6 = new PortIpv6(namespace);
    }

    /** Devices of {@code namespace} through the {@code ip} found on this host. */
    public static IpRouteDevices open(NetNamespace namespace) {
        return new IpRouteDevices(namespace, IpCommand.locate());
    }

    @Override
    public NetNamespace namespace() {
        return namespace;
    }

    @Override
    public boolean createVeth(String name, String peer, NetNamespace peerNamespace, Optional<MacAddress> peerMac,
                              HostEnd hostEnd) {
        List<String> args = new ArrayList<>(List.of("link", "add", DeviceName.require(name)));
        hostEnd.mac().ifPresent(mac -> args.addAll(List.of("address", mac.toString())));
        hostEnd.bridge().ifPresent(bridge -> args.addAll(List.of("master", bridge)));
        if (hostEnd.up()) {
            args.add("up");
        }
        // One queue each way, as NetlinkDevices makes them (see there why).
        args.addAll(List.of("numtxqueues", "1", "numrxqueues", "1", "type", "veth",
                "peer", "name", DeviceName.require(peer), "numtxqueues", "1", "numrxqueues", "1"));
        peerMac.ifPresent(mac -> args.addAll(List.of("address", mac.toString())));
        if (!peerNamespace.equals(namespace)) {
            args.addAll(List.of("netns", reference(peerNamespace)));
        }
        if (!created(run(args), "veth pair '" + name + "'/'" + peer + "'")) {
            return false;
        }
        if (hostEnd.bridge().isPresent()) {
            VirtException failure = portIpv6.disable(List.of(name)).get(name);
            if (failure != null) {
                // As the netlink implementation: a failed plug leaves no pair behind.
                try {
                    delete(name);
                } catch (RuntimeException undoFailure) {
                    failure.addSuppressed(undoFailure);
                }
                throw failure;
            }
        }
        return true;
    }

    @Override
    public boolean createTap(String name) {
        return created(run(List.of("tuntap", "add", "dev", DeviceName.require(name), "mode", "tap")),
                "tap device '" + name + "'");
    }

    @Override
    public boolean createBridge(String name) {
        return created(run(List.of("link", "add", DeviceName.require(name), "type", "bridge")),
                "bridge '" + name + "'");
    }

    @Override
    public void setMulticastQuerier(String bridge, boolean querier) {
        check(run(List.of("link", "set", "dev", DeviceName.require(bridge), "type", "bridge", "mcast_snooping", "1",
                "mcast_querier", querier ? "1" : "0")), "cannot turn "
                + (querier ? "on" : "off") + " the multicast querier of bridge '" + bridge + "'");
    }

    @Override
    public void setMulticastSnooping(String bridge, boolean snooping) {
        check(run(List.of("link", "set", "dev", DeviceName.require(bridge), "type", "bridge", "mcast_snooping",
                snooping ? "1" : "0")), "cannot turn " + (snooping ? "on" : "off")
                + " the multicast snooping of bridge '" + bridge + "'");
    }

    @Override
    public boolean delete(String name) {
        HostProcess.Result result = run(List.of("link", "del", "dev", DeviceName.require(name)));
        if (!result.ok() && missing(result)) {
            return false;
        }
        check(result, "cannot delete device '" + name + "'");
        return true;
    }

    @Override
    public void deleteAll(Collection<String> names) {
        if (names.isEmpty()) {
            return;
        }
        names.forEach(DeviceName::require);
        String group = Integer.toString(DeviceGroups.fresh());
        StringBuilder batch = new StringBuilder();
        for (String name : names) {
            batch.append("link set dev ").append(name).append(" group ").append(group).append('\n');
        }
        batch.append("link del group ").append(group).append('\n');
        // -force goes on past devices that are already gone; anything else is still reported.
        if (unexpectedErrors(run(List.of("-force", "-batch", "-"), batch.toString())).isBlank()) {
            return;
        }
        // The kernel refused the group (a device in it cannot be deleted): delete one by one, so
        // the others still go, and put survivors back into the default group.
        StringBuilder oneByOne = new StringBuilder();
        for (String name : names) {
            oneByOne.append("link del dev ").append(name).append('\n')
                    .append("link set dev ").append(name).append(" group default\n");
        }
        String errors = unexpectedErrors(run(List.of("-force", "-batch", "-"), oneByOne.toString()));
        if (!errors.isBlank()) {
            throw VirtException.of(ErrorCode.OPERATION_FAILED, "cannot delete every one of " + names.size()
                    + " devices: " + errors);
        }
    }

    private static String unexpectedErrors(HostProcess.Result result) {
        return result.stderr().lines()
                .filter(line -> !line.startsWith("Command failed") && !line.contains("Cannot find device"))
                .collect(Collectors.joining("\n"));
    }

    @Override
    public void rename(String name, String newName) {
        set(name, "cannot rename '" + name + "' to '" + newName + "'", "name", DeviceName.require(newName));
    }

    @Override
    public void setMac(String name, MacAddress mac) {
        set(name, "cannot set MAC address of '" + name + "' to " + mac, "address", mac.toString());
    }

    @Override
    public void setMtu(String name, int mtu) {
        set(name, "cannot set MTU of '" + name + "' to " + mtu, "mtu", Integer.toString(mtu));
    }

    @Override
    public void setUp(String name, boolean up) {
        set(name, "cannot bring '" + name + "' " + (up ? "up" : "down"), up ? "up" : "down");
    }

    @Override
    public void configure(String name, HostEnd hostEnd) {
        List<String> change = new ArrayList<>();
        hostEnd.mac().ifPresent(mac -> change.addAll(List.of("address", mac.toString())));
        hostEnd.bridge().ifPresent(bridge -> change.addAll(List.of("master", bridge)));
        change.add(hostEnd.up() ? "up" : "down");
        if (hostEnd.bridge().isPresent()) {
            // Before the port comes up, as the netlink implementation does it (PortIpv6).
            VirtException failure = portIpv6.disable(List.of(name)).get(name);
            if (failure != null) {
                throw failure;
            }
        }
        set(name, "cannot set up '" + name + "'", change.toArray(String[]::new));
    }

    @Override
    public void attach(String name, String bridge) {
        set(name, "cannot attach '" + name + "' to bridge '" + bridge + "'", "master", DeviceName.require(bridge));
    }

    @Override
    public void detach(String name) {
        set(name, "cannot detach '" + name + "' from its bridge", "nomaster");
    }

    @Override
    public void moveTo(String name, NetNamespace target) {
        set(name, "cannot move '" + name + "' to network namespace " + target, "netns", reference(target));
    }

    @Override
    public void addAddress(String name, IpPrefix address) {
        List<String> args = new ArrayList<>(List.of("addr", "add", address.toString()));
        if (address.isIpv4()) {
            args.addAll(List.of("broadcast", "+"));
        }
        args.addAll(List.of("dev", DeviceName.require(name)));
        HostProcess.Result result = run(args);
        // EEXIST reads "File exists", or with the kernel's extended ack "Address already assigned".
        if (!result.ok() && (result.stderr().contains("File exists")
                || result.stderr().contains("Address already assigned"))) {
            return;
        }
        check(result, "cannot add address " + address + " to '" + name + "'");
    }

    @Override
    public void addRoute(String name, IpPrefix destination, InetAddress gateway, int metric) {
        check(run(List.of("route", "add", destination.network().getHostAddress() + "/" + destination.length(),
                        "via", gateway.getHostAddress(), "dev", DeviceName.require(name), "proto", "static", "metric",
                        Integer.toString(metric))),
                "cannot add route to " + destination + " via " + gateway.getHostAddress() + " on '" + name + "'");
    }

    @Override
    public List<IpPrefix> addresses(String name) {
        HostProcess.Result result = run(List.of("-o", "addr", "show", "dev", DeviceName.require(name)));
        check(result, "cannot list addresses of '" + name + "'");
        List<IpPrefix> addresses = new ArrayList<>();
        Matcher matcher = ADDRESS.matcher(result.stdout());
        while (matcher.find()) {
            addresses.add(IpPrefix.parse(matcher.group(1)));
        }
        return addresses;
    }

    @Override
    public Optional<LinkInfo> find(String name) {
        HostProcess.Result result = run(List.of("-o", "-d", "link", "show", "dev", DeviceName.require(name)));
        if (!result.ok() && missing(result)) {
            return Optional.empty();
        }
        check(result, "cannot look up device '" + name + "'");
        return result.stdout().lines().map(IpRouteDevices::parse).flatMap(Optional::stream).findFirst();
    }

    @Override
    public List<LinkInfo> list() {
        HostProcess.Result result = run(List.of("-o", "-d", "link", "show"));
        check(result, "cannot list devices");
        return result.stdout().lines().map(IpRouteDevices::parse).flatMap(Optional::stream).toList();
    }

    @Override
    public void close() {
        // Nothing else is held between runs.
        portIpv6.close();
    }

    /**
     * Reads one line of {@code ip -o -d link show}. Its segments are separated by a backslash:
     * the header, the {@code link/} line, then the kind's details (first word is the kind,
     * unless the device has none and the segment goes straight to {@code addrgenmode} or to
     * its bridge-port details).
     */
    static Optional<LinkInfo> parse(String line) {
        String[] segments = line.split("\\\\\\s+");
        Matcher header = LINE.matcher(segments[0]);
        if (!header.matches()) {
            return Optional.empty();
        }
        String rest = header.group(4);
        Matcher mtu = MTU.matcher(rest);
        Matcher master = MASTER.matcher(rest);
        Optional<MacAddress> mac = Optional.empty();
        if (segments.length > 1) {
            Matcher ether = ETHER.matcher(segments[1]);
            if (ether.find() && segments[1].startsWith("link/ether")) {
                mac = Optional.of(MacAddress.parse(ether.group(1)));
            }
        }
        String kind = "";
        if (segments.length > 2) {
            String word = segments[2].strip().split("\\s+")[0];
            if (!word.equals("addrgenmode") && !word.endsWith("_slave")) {
                kind = word;
            }
        }
        boolean up = List.of(header.group(3).split(",")).contains("UP");
        return Optional.of(new LinkInfo(header.group(2), Integer.parseInt(header.group(1)), kind, mac,
                mtu.find() ? Integer.parseInt(mtu.group(1)) : 0, up,
                master.find() ? Optional.of(master.group(1)) : Optional.empty()));
    }

    private void set(String name, String what, String... change) {
        List<String> args = new ArrayList<>(List.of("link", "set", "dev", DeviceName.require(name)));
        args.addAll(List.of(change));
        check(run(args), what);
    }

    private HostProcess.Result run(List<String> args) {
        return run(args, null);
    }

    private HostProcess.Result run(List<String> args, String stdin) {
        if (namespace.isCurrent()) {
            return ip.run(List.of(), args, stdin);
        }
        if (!namespace.name().isEmpty()) {
            List<String> named = new ArrayList<>(List.of("-n", namespace.name()));
            named.addAll(args);
            return ip.run(List.of(), named, stdin);
        }
        return ip.run(List.of("nsenter", "--net=" + namespace.path()), args, stdin);
    }

    /**
     * How {@code ip ... netns X} names a namespace: by name, or by the pid whose namespace it
     * is. The process's own namespace is named by our own pid.
     */
    private static String reference(NetNamespace target) {
        if (!target.name().isEmpty()) {
            return target.name();
        }
        if (target.isCurrent()) {
            return Long.toString(ProcessHandle.current().pid());
        }
        Matcher pid = Pattern.compile("/proc/(\\d+)/ns/net").matcher(target.path().toString());
        if (pid.matches()) {
            return pid.group(1);
        }
        throw VirtException.of(ErrorCode.CONFIG_UNSUPPORTED,
                "iproute2 can only reach a named or a process's network namespace, not " + target);
    }

    private static boolean missing(HostProcess.Result result) {
        return result.stderr().contains("Cannot find device") || result.stderr().contains("does not exist");
    }

    private static boolean created(HostProcess.Result result, String what) {
        // "File exists" from rtnetlink; "Device or resource busy" from TUNSETIFF with IFF_TUN_EXCL.
        if (!result.ok() && (result.stderr().contains("File exists")
                || result.stderr().contains("Device or resource busy"))) {
            return false;
        }
        check(result, "cannot create " + what);
        return true;
    }

    private static void check(HostProcess.Result result, String what) {
        if (!result.ok()) {
            ErrorCode code = missing(result) ? ErrorCode.NO_INTERFACE : ErrorCode.OPERATION_FAILED;
            throw new VirtException(code, what + ": " + result.stderr().strip(), "ip exit " + result.exitCode(), null);
        }
    }
}
