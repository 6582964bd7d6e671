package org.virtfx.plumbing.virtnet;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.virtfx.core.config.BoundedFiles;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.net.IpText;
import org.virtfx.core.net.MacAddress;
import org.virtfx.core.network.DhcpLease;
import org.virtfx.plumbing.process.ProcessEnds;

/**
 * One network's dnsmasq, for DHCP and DNS on its bridge, configured much as libvirt configures
 * it ({@code bind-dynamic} on the bridge only, {@code dhcp-authoritative}, a lease limit from
 * the ranges). It runs in the foreground as a child of the application, so that stopping the
 * network kills it directly; after a restart of the application it is found again through its
 * pid file and its command line.
 */
final class Dnsmasq {
    /** A pid file holds one number. */
    private static final long PID_FILE_LIMIT = 64;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(2);
    /** How long a start waits for dnsmasq to bind and write its pid file: ample on a loaded host. */
    private static final Duration SERVE_TIMEOUT = Duration.ofSeconds(10);
    /** After its pid file, dnsmasq drops privileges, which fails at once if it fails at all. */
    private static final Duration PRIVILEGE_DROP = Duration.ofMillis(20);
    /** dnsmasq's lease file: about 100 bytes a lease, and a lease limit far below this. */
    private static final long LEASES_LIMIT = 16L * 1024 * 1024;
    private final ProcessHandle process;
    private final Path leases;
    private final Path config;
    private final Path pidFile;

    private Dnsmasq(ProcessHandle process, Path leases, Path config, Path pidFile) {
        this.process = process;
        this.leases = leases;
        this.config = config;
        this.pidFile = pidFile;
    }

    /**
     * The dnsmasq a previous run of the application started for {@code network}, if it is
     * still running: the pid in its pid file, checked against the command line we gave it so
     * that a recycled pid is never taken for ours. Without a pid file (a process killed right
     * after starting dnsmasq, before dnsmasq wrote it), the process whose command line names
     * the network's configuration file, so that no dnsmasq is left serving a stopped network.
     */
    static Optional<Dnsmasq> adopt(Path stateDirectory, String network) {
        Path config = stateDirectory.resolve(network + ".conf");
        Path pidFile = stateDirectory.resolve(network + ".pid");
        if (!Files.exists(config)) {
            // Written before dnsmasq starts: without it, no dnsmasq of this network can run.
            return Optional.empty();
        }
        String expected = "--conf-file=" + config;
        Optional<ProcessHandle> found = Optional.empty();
        try {
            if (Files.exists(pidFile)) {
                long pid = Long.parseLong(BoundedFiles.read(pidFile, PID_FILE_LIMIT).strip());
                found = ProcessHandle.of(pid).filter(handle -> runs(handle, expected));
            }
        } catch (VirtException | NumberFormatException unreadable) {
            // Half written by a dnsmasq killed at once: look for it by its command line.
        }
        if (found.isEmpty()) {
            try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
                found = all.filter(handle -> runs(handle, expected)).findFirst();
            }
        }
        return found.map(handle -> new Dnsmasq(handle, stateDirectory.resolve(network + ".leases"), config,
                pidFile));
    }

    private static boolean runs(ProcessHandle handle, String configArgument) {
        return handle.info().arguments().map(args -> List.of(args).contains(configArgument)).orElse(false);
    }

    /**
     * Removes the files of a stopped network's dnsmasq (configuration, pid file, leases), as
     * libvirt does: also those a process killed during a stop left behind, whose dnsmasq is
     * gone already.
     */
    static void removeFiles(Path stateDirectory, String network) {
        for (String suffix : List.of(".conf", ".pid", ".leases")) {
            Path file = stateDirectory.resolve(network + suffix);
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw VirtException.system("cannot remove " + file, e);
            }
        }
    }

    /**
     * Writes the configuration into {@code stateDirectory} and starts dnsmasq inside the
     * namespace of {@code command}; fails if it exits at once (a port in use, a bad option).
     */
    static Dnsmasq start(HostCommand command, Path stateDirectory, String network, String bridge, boolean isolated,
                         List<NetworkAddressing> addressing, NetworkDns dns) {
        Path config = stateDirectory.resolve(network + ".conf");
        Path leases = stateDirectory.resolve(network + ".leases");
        Path pidFile = stateDirectory.resolve(network + ".pid");
        String text = configuration(network, bridge, isolated, addressing, dns, leases, pidFile);
        try {
            Files.createDirectories(stateDirectory);
            Files.writeString(config, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new VirtException(ErrorCode.SYSTEM_ERROR, "cannot write " + config + ": " + e.getMessage(), null, e);
        }
        Process process = command.start(List.of("dnsmasq", "--keep-in-foreground", "--conf-file=" + config));
        try {
            awaitServing(process, pidFile, network, config);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw VirtException.of(ErrorCode.OPERATION_ABORTED, "interrupted while starting dnsmasq");
        }
        return new Dnsmasq(process.toHandle(), leases, config, pidFile);
    }

    /**
     * Returns once dnsmasq serves: it reads its configuration and binds its sockets first, and
     * then writes its pid into the pid file (nsenter execs it, so the pid is the process's), and
     * drops its privileges a moment later. An exit before that means it could not, and the
     * caller must not report the network as started. Waiting for the pid file rather than a
     * fixed time answers in milliseconds, and still catches a dnsmasq slow to fail on a busy host.
     */
    private static void awaitServing(Process process, Path pidFile, String network, Path config)
            throws InterruptedException {
        long deadline = System.nanoTime() + SERVE_TIMEOUT.toNanos();
        String pid = String.valueOf(process.pid());
        while (!pid.equals(pidIn(pidFile))) {
            if (process.waitFor(2, TimeUnit.MILLISECONDS)) {
                throw exitedAtOnce(process, network, config);
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw VirtException.of(ErrorCode.OPERATION_FAILED, "dnsmasq for network '" + network
                        + "' did not start serving within " + SERVE_TIMEOUT.toSeconds() + " s (see " + config + ")");
            }
        }
        if (process.waitFor(PRIVILEGE_DROP.toMillis(), TimeUnit.MILLISECONDS)) {
            throw exitedAtOnce(process, network, config);
        }
    }

    private static VirtException exitedAtOnce(Process process, String network, Path config) {
        return VirtException.of(ErrorCode.OPERATION_FAILED, "dnsmasq for network '" + network
                + "' exited at once with status " + process.exitValue() + " (see " + config + ")");
    }

    /** The pid file's text, stripped; empty while it is missing or half written. */
    private static String pidIn(Path pidFile) {
        try {
            return Files.exists(pidFile) ? BoundedFiles.read(pidFile, PID_FILE_LIMIT).strip() : "";
        } catch (VirtException unreadable) {
            return "";
        }
    }

    /**
     * dnsmasq's configuration for a network, after libvirt's {@code networkDnsmasqConfContents}:
     * DHCP on the first subnet of each family that has a range or a fixed host, router
     * advertisements by dnsmasq itself ({@code enable-ra}, managed: addresses come by DHCPv6)
     * when IPv6 has DHCP, and otherwise {@code ra-only} on every IPv6 subnet, so that guests
     * configure themselves by SLAAC. An isolated network announces no default route, neither
     * by DHCPv4 (an empty option 3) nor by RA (router lifetime 0), and forwards no DNS query.
     */
    static String configuration(String network, String bridge, boolean isolated, List<NetworkAddressing> addressing,
                                NetworkDns dns, Path leases, Path pidFile) {
        StringBuilder text = new StringBuilder("# generated by VirtFX for network ").append(network).append('\n')
                .append("strict-order\n")
                .append("except-interface=lo\n")
                .append("bind-dynamic\n")
                .append("interface=").append(bridge).append('\n')
                .append("dhcp-leasefile=").append(quoted(leases.toString())).append('\n')
                .append("pid-file=").append(quoted(pidFile.toString())).append('\n');
        if (!dns.enabled()) {
            text.append("port=0\n");
        }
        dns.domain().ifPresent(domain -> {
            if (dns.localOnly()) {
                text.append("local=/").append(domain).append("/\n");
            }
            text.append("domain=").append(domain).append("\nexpand-hosts\n");
        });
        if (isolated) {
            text.append("dhcp-option=3\nno-resolv\nra-param=*,0,0\n");
        }
        // DNS hosts go into the configuration itself, which dnsmasq reads as root before it drops
        // privileges; a separate hosts file (libvirt's addn-hosts) would have to be readable by
        // dnsmasq's unprivileged user all along the state directory's path. host-record does not
        // expand simple names with the domain, so the full names are added here.
        for (NetworkDns.DnsHost host : dns.hosts()) {
            List<String> names = new ArrayList<>(host.names());
            dns.domain().ifPresent(domain -> host.names().stream().filter(n -> !n.contains("."))
                    .forEach(n -> names.add(n + "." + domain)));
            text.append("host-record=").append(String.join(",", names)).append(',')
                    .append(IpText.of(host.ip())).append('\n');
        }
        Optional<NetworkAddressing> ipv4 = addressing.stream().filter(a -> !a.ipv6() && a.dhcp()).findFirst();
        Optional<NetworkAddressing> ipv6 = addressing.stream().filter(a -> a.ipv6() && a.dhcp()).findFirst();
        long leaseMax = 0;
        for (NetworkAddressing ip : ipv4.isPresent() ? ipv6.isPresent() ? List.of(ipv4.get(), ipv6.get())
                : List.of(ipv4.get()) : ipv6.map(List::of).orElse(List.of())) {
            // dnsmasq takes a netmask for IPv4 ranges and a prefix length for IPv6 ones.
            String subnet = ip.ipv6() ? String.valueOf(ip.address().length()) : ip.netmask();
            for (NetworkAddressing.DhcpRange range : ip.ranges()) {
                text.append("dhcp-range=").append(IpText.of(range.start())).append(',')
                        .append(IpText.of(range.end())).append(',').append(subnet).append('\n');
                leaseMax += NetworkAddressing.rangeSize(range, ip.address(), network);
            }
            if (ip.ranges().isEmpty()) {
                // Fixed hosts only: a static range turns DHCP on for them alone.
                text.append("dhcp-range=").append(IpText.of(ip.address().address())).append(",static");
                if (ip.ipv6()) {
                    text.append(',').append(ip.address().length());
                }
                text.append('\n');
            }
            for (NetworkAddressing.DhcpHost host : ip.hosts()) {
                text.append("dhcp-host=").append(dhcpHost(host, ip.ipv6())).append('\n');
            }
            if (!ip.ipv6()) {
                text.append("dhcp-no-override\ndhcp-authoritative\n");
            }
        }
        if (leaseMax > 0) {
            text.append("dhcp-lease-max=").append(leaseMax).append('\n');
        }
        if (ipv6.isPresent()) {
            text.append("enable-ra\n");
        } else {
            for (NetworkAddressing ip : addressing) {
                if (ip.ipv6()) {
                    text.append("dhcp-range=").append(IpText.of(ip.address().address())).append(",ra-only\n");
                }
            }
        }
        return text.toString();
    }

    /**
     * A value as dnsmasq reads it back unchanged: between double quotes, where '#' starts no
     * comment and spaces are kept, with '\\' and '"' escaped. Paths carry the network's name,
     * and libvirt accepts names like {@code rel- #x}, which bare would end at the '#'.
     */
    static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /**
     * One fixed host in dnsmasq's {@code dhcp-host} syntax: IPv4 by MAC and/or name, IPv6 by
     * client DUID ({@code id:}) and/or name with the address in brackets.
     */
    private static String dhcpHost(NetworkAddressing.DhcpHost host, boolean ipv6) {
        List<String> parts = new ArrayList<>();
        if (ipv6) {
            host.id().ifPresent(id -> parts.add("id:" + id));
            host.name().ifPresent(parts::add);
            parts.add("[" + IpText.of(host.ip()) + "]");
        } else {
            host.mac().ifPresent(mac -> parts.add(mac.toString()));
            parts.add(IpText.of(host.ip()));
            host.name().ifPresent(parts::add);
        }
        return String.join(",", parts);
    }

    /**
     * Stops dnsmasq for good, as {@link #terminate()}, and removes its configuration, pid file
     * and leases.
     */
    void stop() {
        terminate();
        // As libvirt removes a stopped network's dnsmasq pid file: the network is gone, and so
        // are its leases. A stale file would only be overwritten at the next start.
        for (Path file : List.of(config, pidFile, leases)) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // Overwritten at the next start; nothing reads it meanwhile.
            }
        }
    }

    /**
     * Stops dnsmasq and waits for it, so its sockets and lease file are released, and leaves its
     * files: a dnsmasq started again on the same lease file (a live {@code net-update}) keeps
     * the leases, as libvirt's restart of dnsmasq does. One started by another process counts
     * as ended once it is a zombie: see {@link ProcessEnds}.
     */
    void terminate() {
        process.destroy();
        try {
            if (!ProcessEnds.await(process, STOP_TIMEOUT)) {
                process.destroyForcibly();
                ProcessEnds.await(process, STOP_TIMEOUT);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /**
     * The current leases, IPv4 and IPv6. dnsmasq's lease file has one per line; an IPv4 line is
     * {@code expiry mac ip hostname-or-* client-id-or-*}, then a {@code duid SERVER-DUID} line
     * introduces the DHCPv6 leases, {@code expiry iaid ip hostname-or-* client-duid}, where a
     * temporary address's IAID starts with {@code T}.
     *
     * @param addressing the network's subnets, for each lease's prefix length
     */
    List<DhcpLease> leases(List<NetworkAddressing> addressing) {
        if (!Files.exists(leases)) {
            return List.of();
        }
        return parseLeases(BoundedFiles.read(leases, LEASES_LIMIT).lines().toList(), addressing);
    }

    /** The leases of a lease file's lines; lines of another form are skipped. */
    static List<DhcpLease> parseLeases(List<String> lines, List<NetworkAddressing> addressing) {
        List<DhcpLease> result = new ArrayList<>();
        for (String line : lines) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length < 4 || !fields[0].matches("\\d+") || !fields[2].matches("[0-9a-fA-F:.]+")) {
                continue;
            }
            InetAddress ip;
            try {
                ip = InetAddress.getByName(fields[2]);
            } catch (IOException e) {
                continue;
            }
            int prefix = addressing.stream().filter(a -> a.contains(ip)).mapToInt(a -> a.address().length())
                    .findFirst().orElse(ip.getAddress().length * 8);
            Optional<String> hostname = fields[3].equals("*") ? Optional.empty() : Optional.of(fields[3]);
            Optional<String> clientId = fields.length > 4 && !fields[4].equals("*") ? Optional.of(fields[4])
                    : Optional.empty();
            Instant expiry = Instant.ofEpochSecond(Long.parseLong(fields[0]));
            if (ip.getAddress().length == 16) {
                String iaid = fields[1].startsWith("T") ? fields[1].substring(1) : fields[1];
                result.add(new DhcpLease(expiry, clientId.flatMap(Dnsmasq::macOfDuid), ip, prefix, hostname,
                        clientId, Optional.of(iaid)));
            } else {
                Optional<MacAddress> mac = fields[1].matches("\\p{XDigit}{2}(:\\p{XDigit}{2}){5}")
                        ? Optional.of(MacAddress.parse(fields[1])) : Optional.empty();
                result.add(new DhcpLease(expiry, mac, ip, prefix, hostname, clientId, Optional.empty()));
            }
        }
        return result;
    }

    /**
     * The link-layer address inside a DUID-LLT (type 1) or DUID-LL (type 3) of hardware type 1,
     * Ethernet (RFC 8415, 11.2 and 11.4); empty for every other DUID.
     */
    static Optional<MacAddress> macOfDuid(String duid) {
        String[] bytes = duid.split(":");
        int[] value = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            if (!bytes[i].matches("\\p{XDigit}{1,2}")) {
                return Optional.empty();
            }
            value[i] = Integer.parseInt(bytes[i], 16);
        }
        int type = value.length >= 2 ? value[0] << 8 | value[1] : -1;
        int hardware = value.length >= 4 ? value[2] << 8 | value[3] : -1;
        int offset = type == 1 ? 8 : type == 3 ? 4 : -1;
        if (offset < 0 || hardware != 1 || value.length != offset + 6) {
            return Optional.empty();
        }
        StringBuilder mac = new StringBuilder();
        for (int i = offset; i < value.length; i++) {
            mac.append(i > offset ? ":" : "").append(String.format("%02x", value[i]));
        }
        return Optional.of(MacAddress.parse(mac.toString()));
    }
}
