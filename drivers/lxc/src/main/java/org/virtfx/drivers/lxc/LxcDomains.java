package org.virtfx.drivers.lxc;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.virtfx.core.config.DefinitionStore;
import org.virtfx.core.config.LoadWarnings;
import org.virtfx.core.domain.DomainDefinition;
import org.virtfx.core.domain.DomainState;
import org.virtfx.core.domain.DomainStats;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.domain.DomainXml;
import org.virtfx.core.domain.StateReason;
import org.virtfx.core.driver.DomainDefinitionFiles;
import org.virtfx.core.driver.DomainJobs;
import org.virtfx.core.driver.DomainLocks;
import org.virtfx.core.driver.DomainObject;
import org.virtfx.core.driver.DomainObjectFamily;
import org.virtfx.core.driver.DomainObjectList;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.event.DomainEvent;
import org.virtfx.core.event.DomainEvent.Type;
import org.virtfx.core.event.EventBus;
import org.virtfx.plumbing.host.LinuxHost;
import org.virtfx.plumbing.netdev.NetDevices;
import org.virtfx.plumbing.netdev.NetNamespace;
import org.virtfx.plumbing.netdev.VethPairs;
import org.virtfx.plumbing.virtnet.VirtualNetworks;

/**
 * Container domains of {@code lxc:///}, after libvirt's LXC driver: definitions stored as
 * files, and each state change run as the domain's job, its event published after the job
 * (and every lock) is released. Starting is {@link ContainerStart}'s, stopping and noticing
 * an end {@link ContainerStop}'s, and finding running containers again after a restart
 * {@link ContainerAdoption}'s.
 */
final class LxcDomains implements DomainObjectFamily {
    private static final System.Logger LOG = System.getLogger(LxcDomains.class.getName());

    /** How long a job waits for another process's job on the same domain, as for a local one. */
    private static final Duration LOCK_WAIT = Duration.ofSeconds(30);

    private final DomainDefinitionFiles store;
    private final DomainObjectList<Container> domains = new DomainObjectList<>();
    private final DomainJobs jobs;
    private final ContainerStart starter;
    private final ContainerStop stopper;
    private final ContainerAdoption adoption;
    private final StartGate startGate = new StartGate(StartGate.DEFAULT_SIZE);

    LxcDomains(LxcDriverConfig config, CgroupHierarchy cgroups, VethPairs veths,
               Function<NetNamespace, NetDevices> devicesIn, VirtualNetworks networks, EventBus events, StartProbe probe,
               Path supervisor, LoadWarnings warnings) {
        this.store = new DomainDefinitionFiles(config.configDirectory(), warnings);
        DomainLocks locks = new DomainLocks(config.stateDirectory().resolve("locks"), LOCK_WAIT);
        this.jobs = new DomainJobs(domains, events, locks);
        this.stopper = new ContainerStop(config, domains, jobs, locks);
        this.starter = new ContainerStart(config, cgroups, veths, devicesIn, networks, probe, stopper, supervisor);
        this.adoption = new ContainerAdoption(config, cgroups, domains, locks, stopper, warnings);
        loadDefinitions();
        adoption.adoptAll();
    }

    @Override
    public String driverName() {
        return LxcDriver.NAME;
    }

    @Override
    public DomainObjectList<Container> objects() {
        return domains;
    }

    @Override
    public DomainSummary define(String xml) {
        DomainDefinition definition = new DomainXml().parse(xml, "(domain_definition)");
        DefinitionStore.requireSafeName(definition.name());
        requireWithinHost(ContainerConfig.read(definition).memoryLimitKiB());
        DomainObjectList.Defined<Container> defined = domains.define(definition, store::save);
        jobs.publish(new DomainEvent(defined.summary(), Type.DEFINED, defined.added() ? "added" : "updated"));
        return defined.summary();
    }

    /**
     * A container's memory is a cgroup limit: one above the host's memory limits nothing, and
     * is refused as the mistake it is, in the words of libvirt's memory checks.
     */
    private static void requireWithinHost(long limitKiB) {
        long hostKiB = new LinuxHost().nodeInfo().memoryKiB();
        if (limitKiB > hostKiB) {
            throw VirtException.of(ErrorCode.CONFIG_UNSUPPORTED, "memory size " + limitKiB
                    + " KiB exceeds the host's memory of " + hostKiB + " KiB");
        }
    }

    @Override
    public void undefine(UUID uuid) {
        DomainObject<Container> domain = domains.require(uuid);
        jobs.run(domain, "undefine", () -> {
            if (!domain.isPersistent()) {
                throw VirtException.of(ErrorCode.OPERATION_INVALID, "cannot undefine transient domain");
            }
            return new DomainEvent(domains.undefine(domain, () -> store.delete(domain.name())), Type.UNDEFINED,
                    "removed");
        });
    }

    @Override
    public void start(UUID uuid) {
        DomainObject<Container> domain = domains.require(uuid);
        // The event goes out after the gate too: a listener may start another container.
        jobs.publish(startGate.pass(domain.name(), () -> jobs.call(domain, "start", () -> {
            adoption.refresh(domain);
            if (domain.isActive()) {
                throw VirtException.of(ErrorCode.OPERATION_INVALID, "Domain is already running");
            }
            starter.launch(domain, domain.config());
            return new DomainEvent(domain.summary(), Type.STARTED, "booted");
        })));
    }

    @Override
    public void destroy(UUID uuid) {
        DomainObject<Container> domain = domains.require(uuid);
        jobs.runInterrupting(domain, "destroy",
                () -> stopper.kill(domain, runningNow(domain), StateReason.DESTROYED, false));
    }

    @Override
    public void shutdown(UUID uuid) {
        DomainObject<Container> domain = domains.require(uuid);
        jobs.run(domain, "shutdown", () -> {
            Container container = runningNow(domain);
            // The STOPPED event comes when init exits; an init without a SIGTERM handler
            // ignores it (the kernel protects a namespace's init), and the caller decides.
            container.requestStop(StateReason.SHUTDOWN, false);
            container.terminate();
            return null;
        });
    }

    @Override
    public void reboot(UUID uuid) {
        DomainObject<Container> domain = domains.require(uuid);
        RuntimeException[] failure = new RuntimeException[1];
        jobs.publish(startGate.pass(domain.name(), () -> jobs.call(domain, "reboot", () -> {
            Container container = runningNow(domain);
            DomainDefinition definition = domain.config();
            stopper.kill(domain, container, StateReason.DESTROYED, true);
            try {
                starter.launch(domain, definition);
            } catch (RuntimeException e) {
                // It stopped and did not come back: say so, since the stop itself was quiet.
                failure[0] = e;
                return new DomainEvent(domain.summary(), Type.STOPPED, "failed");
            }
            return new DomainEvent(domain.summary(), Type.REBOOTED, "booted");
        })));
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    @Override
    public void suspend(UUID uuid) {
        DomainObject<Container> domain = domains.require(uuid);
        jobs.run(domain, "suspend", () -> {
            Container container = runningNow(domain);
            if (domain.state() == DomainState.PAUSED) {
                throw VirtException.of(ErrorCode.OPERATION_INVALID, "domain is already paused");
            }
            container.cgroup().freeze();
            domain.setState(DomainState.PAUSED, StateReason.USER);
            return new DomainEvent(domain.summary(), Type.SUSPENDED, "paused");
        });
    }

    @Override
    public void resume(UUID uuid) {
        DomainObject<Container> domain = domains.require(uuid);
        jobs.run(domain, "resume", () -> {
            Container container = runningNow(domain);
            if (domain.state() != DomainState.PAUSED) {
                throw VirtException.of(ErrorCode.OPERATION_INVALID, "domain is not paused");
            }
            container.cgroup().thaw();
            domain.setState(DomainState.RUNNING, StateReason.UNPAUSED);
            return new DomainEvent(domain.summary(), Type.RESUMED, "unpaused");
        });
    }

    @Override
    public String xml(UUID uuid, boolean inactive) {
        DomainObject<Container> domain = domains.require(uuid);
        DomainDefinition running;
        int id;
        synchronized (domain) {
            if (inactive || !domain.isActive()) {
                return domain.inactiveDefinition().xml();
            }
            running = domain.current();
            id = domain.id();
        }
        return new DomainXml().liveXml(running, id);
    }

    /** A job, as in libvirt, so that an undefine cannot remove the definition under it. */
    @Override
    public void setAutostart(UUID uuid, boolean autostart) {
        DomainObject<Container> domain = domains.require(uuid);
        jobs.run(domain, "autostart", () -> {
            if (!domain.isPersistent()) {
                throw VirtException.of(ErrorCode.OPERATION_INVALID, "cannot set autostart for transient domain");
            }
            store.setAutostart(domain.name(), autostart);
            domain.setAutostart(autostart);
            return new DomainEvent(domain.summary(), Type.DEFINED, "updated");
        });
    }

    @Override
    public DomainStats stats(UUID uuid) {
        DomainObject<Container> domain = domains.require(uuid);
        DomainDefinition definition = domain.current();
        Container container = domain.runtime();
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
        DomainObject<Container> domain = domains.require(uuid);
        Container container = requireRunning(domain);
        return ContainerConsole.connect(starter.consoleSocket(uuid), container.terminal(), domain.name());
    }

    /** The running container's init pid, for tests and the console to enter its namespaces. */
    Optional<Long> initPid(UUID uuid) {
        Container container = domains.require(uuid).runtime();
        return container == null ? Optional.empty() : Optional.of(container.initPid());
    }

    /**
     * Starts every persistent domain marked for autostart that is not running, as the driver
     * does when it opens; one failure does not stop the others.
     */
    List<VirtException> autostart() {
        return domains.autostart(this::start);
    }

    /**
     * Stops watching containers, waiting for any clean-up under way: once this returns, nothing
     * of this state touches the state directory. Containers keep running, and whatever ends
     * from now on is cleaned up by the next process to open the directory.
     */
    void close() {
        stopper.close();
        adoption.close();
    }

    /**
     * Loads the stored definitions, as libvirt loads its config directory: one that cannot be
     * read, or clashes with another, is skipped with a warning, and the others load.
     */
    private void loadDefinitions() {
        for (DomainDefinitionFiles.Stored stored : store.load()) {
            try {
                domains.define(stored.definition(), unchanged -> { }).domain().setAutostart(stored.autostart());
            } catch (VirtException clash) {
                LOG.log(Level.WARNING, "skipping the stored definition of '" + stored.definition().name() + "': "
                        + clash.getMessage());
            }
        }
    }

    /** The domain's container after catching up with other processes' starts; caller holds its job. */
    private Container runningNow(DomainObject<Container> domain) {
        adoption.refresh(domain);
        Container container = requireRunning(domain);
        if (!adoption.stillRecorded(domain, container)) {
            // Another process stopped it while we waited for its lock; our watcher tidies up next.
            throw VirtException.of(ErrorCode.OPERATION_INVALID, "domain is not running");
        }
        return container;
    }

    private static Container requireRunning(DomainObject<Container> domain) {
        Container container = domain.runtime();
        if (container == null) {
            throw VirtException.of(ErrorCode.OPERATION_INVALID, "domain is not running");
        }
        return container;
    }
}
