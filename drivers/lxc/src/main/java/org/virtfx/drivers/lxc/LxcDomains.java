package org.virtfx.drivers.lxc;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.virtfx.core.config.DefinitionStore;
import org.virtfx.core.domain.DomainDefinition;
import org.virtfx.core.domain.DomainFamily;
import org.virtfx.core.domain.DomainState;
import org.virtfx.core.domain.DomainStats;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.domain.DomainXml;
import org.virtfx.core.domain.StateReason;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.event.DomainEvent.Type;
import org.virtfx.core.event.DomainEvent;
import org.virtfx.core.event.EventBus;
import org.virtfx.plumbing.netdev.DeviceNames;
import org.virtfx.plumbing.netdev.HostEnd;
import org.virtfx.plumbing.netdev.NetDevices;
import org.virtfx.plumbing.netdev.NetNamespace;
import org.virtfx.plumbing.netdev.VethPair;
import org.virtfx.plumbing.netdev.VethPairs;
import org.virtfx.plumbing.netdev.VethRequest;
import org.virtfx.core.network.NetworkFamily;
import org.virtfx.core.network.NetworkSummary;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlFormat;
import org.virtfx.core.xml.XmlParser;

/**
 * Container domains of {@code lxc:///}, after libvirt's LXC driver. Each state change runs as
 * the domain's job and publishes its event after the job (and every lock) is released. A
 * container that ends by itself is noticed through its supervisor's exit, which is the
 * supervisor's own (it is this process's child, reaped at once), so a stopped container never
 * looks alive while PID 1 takes its time to reap.
 */
final class LxcDomains implements DomainFamily {
    private static final System.Logger LOG = System.getLogger(LxcDomains.class.getName());
    private static final long STOP_WAIT_SECONDS = 10;

    private final LxcDriverConfig config;
    private final CgroupHierarchy cgroups;
    private final VethPairs veths;
    /** Opens the devices of a container's namespace, to give its interfaces addresses and routes. */
    private final Function<NetNamespace, NetDevices> devicesIn;
    private final NetworkFamily networks;
    private final EventBus events;
    private final StartProbe probe;
    private final DefinitionStore store;
    private final Path supervisorBinary;
    private final Map<UUID, LxcDomain> domains = new ConcurrentHashMap<>();
    /** Polls supervisors found again after a restart; made only when there are any. */
    private ScheduledExecutorService foreignWatcher;
    /** Guards define and undefine, which must see every name and UUID at once. */
    private final Object table = new Object();

    LxcDomains(LxcDriverConfig config, CgroupHierarchy cgroups, VethPairs veths,
               Function<NetNamespace, NetDevices> devicesIn, NetworkFamily networks, EventBus events, StartProbe probe) {
        this.config = config;
        this.cgroups = cgroups;
        this.veths = veths;
        this.devicesIn = devicesIn;
        this.networks = networks;
        this.events = events;
        this.probe = probe;
        this.store = new DefinitionStore(config.configDirectory(), "domain");
        this.supervisorBinary = SupervisorProgram.forThisRun(config.stateDirectory());
        load();
    }

    @Override
    public String driverName() {
        return LxcDriver.NAME;
    }

    @Override
    public List<DomainSummary> list() {
        return domains.values().stream().map(LxcDomain::summary).toList();
    }

    @Override
    public DomainSummary define(String xml) {
        DomainDefinition definition = new DomainXml().parse(xml, "(domain_definition)");
        requireSafeName(definition.name());
        ContainerConfig.read(definition);
        DomainEvent event;
        synchronized (table) {
            LxcDomain existing = checkUnique(definition);
            store.save(definition.name(), definition.xml());
            if (existing != null) {
                existing.setConfig(definition, true);
                event = new DomainEvent(existing.summary(), Type.DEFINED, "updated");
            } else {
                LxcDomain domain = new LxcDomain(definition, true, false);
                domains.put(definition.uuid(), domain);
                event = new DomainEvent(domain.summary(), Type.DEFINED, "added");
            }
        }
        events.publish(event);
        return event.domain();
    }

    /**
     * Names become file names ({@code NAME.xml}, {@code NAME.log}); '/' and a leading '.' could
     * leave the directory and control characters would garble logs, so they are refused as
     * libvirt refuses them. Everything else, ';' and '$(' included, is plain data: no shell
     * ever sees a name.
     */
    private static void requireSafeName(String name) {
        if (name.isEmpty() || name.contains("/") || name.startsWith(".") || name.length() > 200
                || name.chars().anyMatch(Character::isISOControl)) {
            throw VirtException.of(ErrorCode.XML_ERROR, "XML error: name '" + name
                    + "' cannot be empty, contain '/' or control characters, start with '.' or exceed 200 characters");
        }
    }

    private LxcDomain checkUnique(DomainDefinition definition) {
        for (LxcDomain domain : domains.values()) {
            DomainSummary s = domain.summary();
            boolean sameUuid = s.uuid().equals(definition.uuid());
            boolean sameName = s.name().equals(definition.name());
            if (sameUuid && !sameName) {
                throw VirtException.of(ErrorCode.OPERATION_FAILED, "domain '" + s.name()
                        + "' is already defined with uuid " + s.uuid());
            }
            if (!sameUuid && sameName) {
                throw VirtException.of(ErrorCode.OPERATION_FAILED, "domain '" + definition.name()
                        + "' already exists with uuid " + s.uuid());
            }
            if (sameUuid) {
                return domain;
            }
        }
        return null;
    }

    @Override
    public void undefine(UUID uuid) {
        LxcDomain domain = require(uuid);
        DomainSummary after = domain.job().run("undefine", () -> {
            synchronized (table) {
                if (!domain.isPersistent()) {
                    throw VirtException.of(ErrorCode.OPERATION_INVALID, "cannot undefine transient domain");
                }
                store.delete(domain.config().name());
                domain.setPersistent(false);
                domain.setAutostart(false);
                if (!domain.isActive()) {
                    domains.remove(uuid);
                }
                return domain.summary();
            }
        });
        events.publish(new DomainEvent(after, Type.UNDEFINED, "removed"));
    }

    @Override
    public void start(UUID uuid) {
        LxcDomain domain = require(uuid);
        DomainSummary after = domain.job().run("start", () -> {
            if (domain.isActive()) {
                throw VirtException.of(ErrorCode.OPERATION_INVALID, "Domain is already running");
            }
            launch(domain, domain.config());
            return domain.summary();
        });
        events.publish(new DomainEvent(after, Type.STARTED, "booted"));
    }

    /**
     * Starts a container, step by step; each step registers its undo before the next one runs,
     * and a failure anywhere runs them all, newest first, before it is reported. Caller holds
     * the domain's job.
     */
    private void launch(LxcDomain domain, DomainDefinition definition) {
        ContainerConfig container = ContainerConfig.read(definition);
        List<String> bridges = bridges(container);
        Deque<Runnable> undo = new ArrayDeque<>();
        try {
            probe.reached(StartStep.CGROUP);
            Cgroup cgroup = cgroups.create(cgroupName(definition.uuid()));
            undo.push(cgroup::remove);
            cgroup.apply(new ResourceLimits(container.memoryLimitKiB() * 1024, container.cpuShares(), config.pidsMax()));

            probe.reached(StartStep.SUPERVISOR);
            Path log = config.stateDirectory().resolve(definition.name() + ".log");
            Path console = consoleSocket(definition.uuid());
            Supervisor supervisor = Supervisor.launch(Supervisor.command(supervisorBinary, hostname(definition.name()),
                    container, cgroup, environment(definition, container), log, console));
            undo.push(supervisor::abandon);
            // A destroy while we start kills the parked init; the step waiting on it then fails.
            domain.job().onAbort(supervisor::abandon);

            probe.reached(StartStep.INTERFACES);
            List<VethPair> pairs = new ArrayList<>();
            undo.push(() -> veths.deleteAll(pairs));
            NetNamespace inside = NetNamespace.ofProcess(supervisor.initPid());
            for (int i = 0; i < container.interfaces().size(); i++) {
                pairs.add(plug(container.interfaces().get(i), bridges.get(i), inside));
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
            new ContainerStateFile(process.pid(), ContainerStateFile.startTime(process.pid()), supervisor.initPid(),
                    pairs.stream().map(VethPair::host).toList(), supervisor.terminal())
                    .write(config.stateDirectory(), definition.name(), new DomainXml().liveXml(live, id));
            domain.started(running, live, id, DomainState.RUNNING, StateReason.BOOTED);
            watch(domain, running);
        } catch (RuntimeException e) {
            while (!undo.isEmpty()) {
                try {
                    undo.pop().run();
                } catch (RuntimeException undoFailure) {
                    e.addSuppressed(undoFailure);
                }
            }
            if (domain.job().abortRequested() && !(e instanceof VirtException v && v.code() == ErrorCode.OPERATION_ABORTED)) {
                throw new VirtException(ErrorCode.OPERATION_ABORTED, "start of '" + definition.name()
                        + "' was interrupted by a forced stop", e.getMessage(), e);
            }
            throw e;
        }
    }

    /** The bridge each interface joins, resolved before anything is created. */
    private List<String> bridges(ContainerConfig container) {
        List<String> bridges = new ArrayList<>();
        List<NetworkSummary> known = null;
        for (ContainerConfig.Interface nic : container.interfaces()) {
            switch (nic.type()) {
                case "network" -> {
                    if (known == null) {
                        known = networks.list();
                    }
                    NetworkSummary network = known.stream().filter(n -> n.name().equals(nic.source())).findFirst()
                            .orElseThrow(() -> VirtException.of(ErrorCode.NO_NETWORK,
                                    "no network with matching name '" + nic.source() + "'"));
                    if (!network.active()) {
                        throw VirtException.of(ErrorCode.OPERATION_INVALID, "network '" + nic.source()
                                + "' is not active");
                    }
                    bridges.add(network.bridge());
                }
                case "bridge" -> bridges.add(nic.source());
                default -> bridges.add("");
            }
        }
        return bridges;
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

    static String cgroupName(UUID uuid) {
        return "lxc-" + uuid;
    }

    /** Notices a container that ends without being asked (init exited or was killed inside). */
    private void watch(LxcDomain domain, Container container) {
        container.exit().whenComplete((status, failure) -> {
            StateReason reason = container.stopReason();
            if (reason == null) {
                reason = status != null && status == 0 ? StateReason.SHUTDOWN : StateReason.CRASHED;
            }
            DomainEvent event = finish(domain, container, reason);
            if (event != null && !container.quiet()) {
                events.publish(event);
            }
        });
    }

    /**
     * Cleans up after a container whose supervisor has exited: cgroup and state files (the
     * veth pairs went with the network namespace). Exactly one caller does it; another waits
     * until it is done. Returns the STOPPED event for the one that did it, null for the other.
     */
    private DomainEvent finish(LxcDomain domain, Container container, StateReason reason) {
        boolean mine;
        synchronized (domain) {
            mine = container.claimFinish();
        }
        if (!mine) {
            container.finished().join();
            return null;
        }
        RuntimeException failure = null;
        try {
            container.cgroup().remove();
        } catch (RuntimeException e) {
            failure = e;
        }
        String name = domain.name();
        try {
            ContainerStateFile.delete(config.stateDirectory(), name);
            // The supervisor removes its socket as it exits; not when it was killed outright.
            Files.deleteIfExists(ContainerConsole.socketPath(config.stateDirectory(), domain.config().uuid()));
        } catch (RuntimeException e) {
            failure = failure == null ? e : failure;
        } catch (IOException e) {
            failure = failure == null ? VirtException.system("cannot remove the console socket", e) : failure;
        }
        DomainSummary after;
        synchronized (table) {
            domain.stopped(reason);
            if (!domain.isPersistent()) {
                domains.remove(domain.config().uuid());
            }
            after = domain.summary();
        }
        container.finished().complete(null);
        if (failure != null) {
            LOG.log(Level.WARNING, "clean-up after container '" + name + "' was incomplete", failure);
        }
        String detail = switch (reason) {
            case DESTROYED -> "destroyed";
            case CRASHED -> "crashed";
            case FAILED -> "failed";
            default -> "shutdown";
        };
        return new DomainEvent(after, Type.STOPPED, detail);
    }

    @Override
    public void destroy(UUID uuid) {
        LxcDomain domain = require(uuid);
        DomainEvent event = domain.job().runInterrupting("destroy", () -> {
            Container container = requireRunning(domain);
            return stop(domain, container, StateReason.DESTROYED, false);
        });
        if (event != null) {
            events.publish(event);
        }
    }

    /** Kills the container at once, waits for its supervisor to reap it, and cleans up. */
    private DomainEvent stop(LxcDomain domain, Container container, StateReason reason, boolean quiet) {
        container.requestStop(reason, quiet);
        container.kill();
        try {
            container.exit().get(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw VirtException.of(ErrorCode.OPERATION_ABORTED, "interrupted while stopping '" + domain.name() + "'");
        } catch (ExecutionException | TimeoutException e) {
            throw VirtException.of(ErrorCode.OPERATION_FAILED, "container '" + domain.name()
                    + "' did not end within " + STOP_WAIT_SECONDS + " s of SIGKILL");
        }
        return finish(domain, container, reason);
    }

    @Override
    public void shutdown(UUID uuid) {
        LxcDomain domain = require(uuid);
        domain.job().run("shutdown", () -> {
            Container container = requireRunning(domain);
            // The STOPPED event comes when init exits; an init without a SIGTERM handler
            // ignores it (the kernel protects a namespace's init), and the caller decides.
            container.requestStop(StateReason.SHUTDOWN, false);
            container.terminate();
            return null;
        });
    }

    @Override
    public void reboot(UUID uuid) {
        LxcDomain domain = require(uuid);
        RuntimeException[] failure = new RuntimeException[1];
        DomainEvent event = domain.job().run("reboot", () -> {
            Container container = requireRunning(domain);
            DomainDefinition definition = domain.config();
            stop(domain, container, StateReason.DESTROYED, true);
            try {
                launch(domain, definition);
            } catch (RuntimeException e) {
                // It stopped and did not come back: say so, since the stop itself was quiet.
                failure[0] = e;
                return new DomainEvent(domain.summary(), Type.STOPPED, "failed");
            }
            return new DomainEvent(domain.summary(), Type.REBOOTED, "booted");
        });
        if (event != null) {
            events.publish(event);
        }
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    @Override
    public void suspend(UUID uuid) {
        LxcDomain domain = require(uuid);
        DomainSummary after = domain.job().run("suspend", () -> {
            Container container = requireRunning(domain);
            if (domain.state() == DomainState.PAUSED) {
                throw VirtException.of(ErrorCode.OPERATION_INVALID, "domain is already paused");
            }
            container.cgroup().freeze();
            domain.setState(DomainState.PAUSED, StateReason.USER);
            return domain.summary();
        });
        events.publish(new DomainEvent(after, Type.SUSPENDED, "paused"));
    }

    @Override
    public void resume(UUID uuid) {
        LxcDomain domain = require(uuid);
        DomainSummary after = domain.job().run("resume", () -> {
            Container container = requireRunning(domain);
            if (domain.state() != DomainState.PAUSED) {
                throw VirtException.of(ErrorCode.OPERATION_INVALID, "domain is not paused");
            }
            container.cgroup().thaw();
            domain.setState(DomainState.RUNNING, StateReason.UNPAUSED);
            return domain.summary();
        });
        events.publish(new DomainEvent(after, Type.RESUMED, "unpaused"));
    }

    @Override
    public String xml(UUID uuid, boolean inactive) {
        LxcDomain domain = require(uuid);
        DomainSummary summary = domain.summary();
        if (inactive || !summary.isActive()) {
            return domain.config().xml();
        }
        return new DomainXml().liveXml(domain.current(), summary.id());
    }

    @Override
    public void setAutostart(UUID uuid, boolean autostart) {
        LxcDomain domain = require(uuid);
        DomainSummary after;
        synchronized (table) {
            if (!domain.isPersistent()) {
                throw VirtException.of(ErrorCode.OPERATION_INVALID, "cannot set autostart for transient domain");
            }
            store.setAutostart(domain.config().name(), autostart);
            domain.setAutostart(autostart);
            after = domain.summary();
        }
        events.publish(new DomainEvent(after, Type.DEFINED, "updated"));
    }

    @Override
    public DomainStats stats(UUID uuid) {
        LxcDomain domain = require(uuid);
        DomainDefinition definition = domain.current();
        Container container = domain.container();
        long memoryKiB = 0;
        long cpu = 0;
        if (container != null) {
            try {
                memoryKiB = container.cgroup().memoryBytes() / 1024;
                cpu = container.cgroup().cpuTimeNanos();
            } catch (VirtException stoppedMeanwhile) {
                // The cgroup went away between the two reads: the container just stopped.
            }
        }
        return new DomainStats(domain.state(), definition.vcpus(), definition.memoryKiB(), memoryKiB, cpu);
    }

    /**
     * Opens a running container's console: the pty that is init's terminal, served by the
     * supervisor on a unix socket.
     */
    @Override
    public ContainerConsole openConsole(UUID uuid) {
        LxcDomain domain = require(uuid);
        Container container = requireRunning(domain);
        return ContainerConsole.connect(consoleSocket(uuid), container.terminal(), domain.name());
    }

    /** The console's socket; a unix socket path must fit in 108 bytes, so it is named by UUID. */
    private Path consoleSocket(UUID uuid) {
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

    /** The running container's init pid, for tests and the console to enter its namespaces. */
    Optional<Long> initPid(UUID uuid) {
        Container container = require(uuid).container();
        return container == null ? Optional.empty() : Optional.of(container.initPid());
    }

    /**
     * Starts every persistent domain marked for autostart that is not running, as the driver
     * does when it opens; one failure does not stop the others.
     */
    List<VirtException> autostart() {
        List<VirtException> failures = new ArrayList<>();
        for (DomainSummary summary : list()) {
            if (summary.autostart() && !summary.isActive()) {
                try {
                    start(summary.uuid());
                } catch (VirtException e) {
                    failures.add(e);
                }
            }
        }
        return failures;
    }

    /**
     * Loads the stored definitions and finds running containers again from their state files:
     * a supervisor that is still the same process (pid and start time) is adopted with its
     * cgroup, live XML and host ends; a stale state file is cleaned up.
     */
    private void load() {
        for (String document : store.loadAll()) {
            DomainDefinition definition = new DomainXml().parse(document, config.configDirectory().toString());
            domains.put(definition.uuid(), new LxcDomain(definition, true, store.autostart(definition.name())));
        }
        Path stateDirectory = config.stateDirectory();
        if (!Files.isDirectory(stateDirectory)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(stateDirectory, "*.state")) {
            for (Path file : files) {
                String fileName = file.getFileName().toString();
                adopt(fileName.substring(0, fileName.length() - ".state".length()), file);
            }
        } catch (IOException e) {
            throw VirtException.system("cannot read container state in " + stateDirectory, e);
        }
    }

    private void adopt(String name, Path stateFile) {
        Optional<ContainerStateFile> state = ContainerStateFile.read(stateFile);
        Path liveXml = ContainerStateFile.liveXml(config.stateDirectory(), name);
        Optional<ProcessHandle> supervisor = state.filter(s -> ContainerStateFile.startTime(s.supervisorPid())
                == s.supervisorStart()).flatMap(s -> ProcessHandle.of(s.supervisorPid()));
        if (supervisor.isEmpty() || !Files.exists(liveXml)) {
            ContainerStateFile.delete(config.stateDirectory(), name);
            return;
        }
        DomainDefinition live;
        try {
            live = new DomainXml().parse(Files.readString(liveXml), liveXml.toString());
        } catch (IOException e) {
            throw VirtException.system("cannot read " + liveXml, e);
        }
        ProcessHandle handle = supervisor.get();
        Cgroup cgroup = cgroups.open(cgroupName(live.uuid()));
        List<VethPair> pairs = state.get().hostEnds().stream()
                .map(h -> new VethPair(h, "", NetNamespace.ofProcess(state.get().initPid()))).toList();
        DeviceNames.process().reserve(state.get().hostEnds());
        Container container = new Container(handle, foreignExit(state.get().supervisorPid(),
                state.get().supervisorStart()), state.get().initPid(), cgroup, pairs, state.get().terminal());
        LxcDomain domain = domains.computeIfAbsent(live.uuid(), u -> new LxcDomain(live, false, false));
        boolean paused;
        try {
            paused = cgroup.frozen();
        } catch (VirtException cgroupGone) {
            paused = false;
        }
        domain.started(container, live, (int) handle.pid(), paused ? DomainState.PAUSED : DomainState.RUNNING,
                paused ? StateReason.USER : StateReason.UNKNOWN);
        watch(domain, container);
    }

    /**
     * The exit of a supervisor left by an earlier run of the application. It is no longer our
     * child, so it becomes a zombie of PID 1 when it exits, and PID 1 here reaps about 2 s late:
     * a zombie, or another process under its pid, counts as exited. Its status is unknown (-1).
     */
    private CompletableFuture<Integer> foreignExit(long pid, long startTime) {
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        ScheduledFuture<?>[] poll = new ScheduledFuture<?>[1];
        poll[0] = foreignWatcher().scheduleWithFixedDelay(() -> {
            if (ContainerStateFile.startTime(pid) != startTime || isZombie(pid)) {
                exit.complete(-1);
                poll[0].cancel(false);
            }
        }, 0, 20, TimeUnit.MILLISECONDS);
        return exit;
    }

    private synchronized ScheduledExecutorService foreignWatcher() {
        if (foreignWatcher == null) {
            foreignWatcher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "lxc-adopted-supervisors");
                t.setDaemon(true);
                return t;
            });
        }
        return foreignWatcher;
    }

    private static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
        } catch (IOException | RuntimeException gone) {
            return true;
        }
    }

    private LxcDomain require(UUID uuid) {
        LxcDomain domain = domains.get(uuid);
        if (domain == null) {
            throw VirtException.of(ErrorCode.NO_DOMAIN, "no domain with matching uuid '" + uuid + "'");
        }
        return domain;
    }

    private static Container requireRunning(LxcDomain domain) {
        Container container = domain.container();
        if (container == null) {
            throw VirtException.of(ErrorCode.OPERATION_INVALID, "domain is not running");
        }
        return container;
    }
}
