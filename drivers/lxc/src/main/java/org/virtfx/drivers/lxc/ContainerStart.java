package org.virtfx.drivers.lxc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.virtfx.core.domain.DomainDefinition;
import org.virtfx.core.domain.DomainState;
import org.virtfx.core.domain.DomainXml;
import org.virtfx.core.domain.StateReason;
import org.virtfx.core.driver.DomainObject;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.net.IpPrefix;
import org.virtfx.core.task.Rollback;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlFormat;
import org.virtfx.core.xml.XmlParser;
import org.virtfx.plumbing.netdev.HostEnd;
import org.virtfx.plumbing.netdev.NetDevices;
import org.virtfx.plumbing.netdev.NetNamespace;
import org.virtfx.plumbing.netdev.VethPair;
import org.virtfx.plumbing.netdev.VethPairs;
import org.virtfx.plumbing.netdev.VethRequest;
import org.virtfx.plumbing.virtnet.NetworkAttachment;
import org.virtfx.plumbing.virtnet.VirtualNetworks;

/**
 * Starts containers, as libvirt's LXC driver does: cgroup, supervisor with a parked init,
 * interfaces plugged into their bridges and configured inside, then init released. Each step
 * registers its undo before the next runs, and the container is watched once it runs.
 */
final class ContainerStart {
    private final LxcDriverConfig config;
    private final CgroupHierarchy cgroups;
    private final VethPairs veths;
    /** Opens the devices of a container's namespace, to give its interfaces addresses and routes. */
    private final Function<NetNamespace, NetDevices> devicesIn;
    private final VirtualNetworks networks;
    private final StartProbe probe;
    private final ContainerStop stop;
    private final Path supervisorBinary;

    ContainerStart(LxcDriverConfig config, CgroupHierarchy cgroups, VethPairs veths,
                   Function<NetNamespace, NetDevices> devicesIn, VirtualNetworks networks, StartProbe probe,
                   ContainerStop stop, Path supervisorBinary) {
        this.config = config;
        this.cgroups = cgroups;
        this.veths = veths;
        this.devicesIn = devicesIn;
        this.networks = networks;
        this.probe = probe;
        this.stop = stop;
        this.supervisorBinary = supervisorBinary;
    }

    /**
     * Starts a container, step by step; each step registers its undo before the next one runs,
     * and a failure anywhere runs them all, newest first, before it is reported. Caller holds
     * the domain's job.
     */
    void launch(DomainObject<Container> domain, DomainDefinition definition) {
        ContainerConfig container = ContainerConfig.read(definition);
        List<NetworkAttachment> attachments = attachments(container);
        Rollback undo = new Rollback();
        try {
            // Write-ahead: the record comes before anything it names, and goes last on undo.
            ContainerStateFile record = ContainerStateFile.starting(definition.uuid());
            record.write(config.stateDirectory(), definition.name());
            undo.push(() -> ContainerStateFile.delete(config.stateDirectory(), definition.name()));

            probe.reached(StartStep.CGROUP);
            Cgroup cgroup = cgroups.create(Container.cgroupName(definition.uuid()));
            undo.push(cgroup::remove);
            cgroup.apply(new ResourceLimits(container.memoryLimitKiB() * 1024, container.cpuShares(), config.pidsMax()));

            probe.reached(StartStep.SUPERVISOR);
            Path log = config.stateDirectory().resolve(definition.name() + ".log");
            Path console = consoleSocket(definition.uuid());
            Supervisor supervisor = Supervisor.launch(Supervisor.command(supervisorBinary, hostname(definition.name()),
                    container, withoutIpv6(container, attachments), cgroup, environment(definition, container), log,
                    console));
            undo.push(supervisor::abandon);
            record = record.withSupervisor(supervisor.process().pid(),
                    ContainerStateFile.startTime(supervisor.process().pid()), supervisor.initPid());
            record.write(config.stateDirectory(), definition.name());
            // A destroy while we start kills the parked init; the step waiting on it then fails.
            domain.job().onAbort(supervisor::abandon);

            probe.reached(StartStep.INTERFACES);
            List<VethPair> pairs = new ArrayList<>();
            undo.push(() -> veths.deleteAll(pairs));
            NetNamespace inside = NetNamespace.ofProcess(supervisor.initPid());
            for (int i = 0; i < container.interfaces().size(); i++) {
                pairs.add(plug(container.interfaces().get(i), attachments.get(i).bridge(), inside));
            }
            configureInside(container.interfaces(), inside);

            probe.reached(StartStep.RELEASE);
            supervisor.release();
            if (domain.job().abortRequested()) {
                throw VirtException.of(ErrorCode.OPERATION_ABORTED, "start of '" + definition.name()
                        + "' was interrupted by a forced stop");
            }

            DomainDefinition live = liveDefinition(definition, pairs);
            int id = (int) supervisor.process().pid();
            Process process = supervisor.process();
            Container running = new Container(process.toHandle(), process.onExit().thenApply(Process::exitValue),
                    supervisor.initPid(), cgroup, pairs, supervisor.terminal());
            record.running(pairs.stream().map(VethPair::host).toList(), supervisor.terminal())
                    .writeRunning(config.stateDirectory(), definition.name(), new DomainXml().liveXml(live, id));
            domain.activate(running, live, id, DomainState.RUNNING, StateReason.BOOTED);
            stop.watch(domain, running);
        } catch (RuntimeException e) {
            undo.undoAll(e);
            if (domain.job().abortRequested() && !(e instanceof VirtException v && v.code() == ErrorCode.OPERATION_ABORTED)) {
                throw new VirtException(ErrorCode.OPERATION_ABORTED, "start of '" + definition.name()
                        + "' was interrupted by a forced stop", e.getMessage(), e);
            }
            throw e;
        }
    }

    /** What each interface joins (a bridge, and whether IPv6 runs there), resolved before anything is made. */
    private List<NetworkAttachment> attachments(ContainerConfig container) {
        return container.interfaces().stream().map(nic -> switch (nic.type()) {
            case "network" -> networks.attachment(nic.source());
            case "bridge" -> new NetworkAttachment(nic.source(), true);
            default -> new NetworkAttachment("", true);
        }).toList();
    }

    /**
     * The guest interfaces to keep out of IPv6: those on a virtual network that carries none
     * (libvirt's guest-to-guest IPv6 needs an IPv6 address or {@code ipv6='yes'}), unless the
     * domain gives them an IPv6 address of their own. Their link-local addresses, duplicate
     * checks, MLD reports and router solicitations would reach no one but the other guests, as
     * multicast the bridge floods to every port (it has no IPv6 to be the querier from), work
     * that grows with the square of the guests (ADR 0004).
     */
    private static List<String> withoutIpv6(ContainerConfig container, List<NetworkAttachment> attachments) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < attachments.size(); i++) {
            ContainerConfig.Interface nic = container.interfaces().get(i);
            if (!attachments.get(i).guestIpv6() && nic.addressing().addresses().stream().allMatch(IpPrefix::isIpv4)) {
                names.add(nic.guestName());
            }
        }
        return names;
    }

    /** Addresses and routes of the container's interfaces, set while init is still parked. */
    private void configureInside(List<ContainerConfig.Interface> interfaces, NetNamespace inside) {
        if (interfaces.stream().allMatch(nic -> nic.addressing().isEmpty())) {
            return;
        }
        try (NetDevices devices = devicesIn.apply(inside)) {
            interfaces.forEach(nic -> nic.addressing().applyTo(devices, nic.guestName()));
        }
    }

    private VethPair plug(ContainerConfig.Interface nic, String bridge, NetNamespace inside) {
        VethRequest request = new VethRequest(nic.hostName(), Optional.of(nic.guestName()), inside,
                Optional.of(nic.mac()));
        if (!bridge.isEmpty()) {
            return veths.plug(request, bridge);
        }
        return veths.create(request, new HostEnd(Optional.of(nic.mac().hostSide()), Optional.empty(), true));
    }

    /** The live definition: as defined, with each interface's host end named, as libvirt shows it. */
    private static DomainDefinition liveDefinition(DomainDefinition definition, List<VethPair> pairs) {
        XmlElement root = new XmlParser().parse(definition.xml(), definition.name());
        List<XmlElement> nics = root.child("devices").map(d -> d.children("interface")).orElse(List.of());
        for (int i = 0; i < nics.size() && i < pairs.size(); i++) {
            XmlElement nic = nics.get(i);
            XmlElement target = nic.child("target").orElseGet(() -> {
                XmlElement made = new XmlElement("target");
                nic.append(made);
                return made;
            });
            target.setAttribute("dev", pairs.get(i).host());
        }
        return new DomainDefinition(definition.hypervisorType(), definition.name(), definition.uuid(),
                definition.title(), definition.description(), definition.memoryKiB(), definition.currentMemoryKiB(),
                definition.vcpus(), definition.maxVcpus(), definition.osType(), XmlFormat.format(root));
    }

    /**
     * The container's hostname: its name where that is a valid hostname, otherwise the name with
     * every other character made '-' and cut to 63 bytes (sethostname's limit is 64), so that
     * {@code a;reboot} is a harmless {@code a-reboot} inside.
     */
    static String hostname(String name) {
        String cleaned = name.replaceAll("[^A-Za-z0-9.-]", "-");
        return cleaned.length() > 63 ? cleaned.substring(0, 63) : cleaned;
    }

    /** libvirt's container environment, then the domain's {@code <initenv>}s. */
    private static Map<String, String> environment(DomainDefinition definition, ContainerConfig container) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/bin:/usr/bin:/sbin:/usr/sbin");
        env.put("TERM", "linux");
        env.put("container", "lxc-libvirt");
        env.put("container_uuid", definition.uuid().toString());
        env.put("LIBVIRT_LXC_UUID", definition.uuid().toString());
        env.put("LIBVIRT_LXC_NAME", definition.name());
        env.putAll(container.initEnv());
        return env;
    }

    /** The console's socket; a unix socket path must fit in 108 bytes, so it is named by UUID. */
    Path consoleSocket(UUID uuid) {
        Path socket = ContainerConsole.socketPath(config.stateDirectory(), uuid);
        if (socket.toString().getBytes(StandardCharsets.UTF_8).length > 107) {
            throw VirtException.of(ErrorCode.CONFIG_UNSUPPORTED, "state directory " + config.stateDirectory()
                    + " is too long for the console socket " + socket);
        }
        try {
            Files.createDirectories(socket.getParent());
        } catch (IOException e) {
            throw VirtException.system("cannot create " + socket.getParent(), e);
        }
        return socket;
    }
}
