package org.virtfx.drivers.lxc;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.virtfx.core.config.AtomicFiles;
import org.virtfx.core.config.BoundedFiles;
import org.virtfx.core.config.LoadWarnings;
import org.virtfx.core.domain.DomainDefinition;
import org.virtfx.core.domain.DomainState;
import org.virtfx.core.domain.DomainXml;
import org.virtfx.core.domain.StateReason;
import org.virtfx.core.driver.DomainLocks;
import org.virtfx.core.driver.DomainObject;
import org.virtfx.core.driver.DomainObjectList;
import org.virtfx.core.error.VirtException;
import org.virtfx.plumbing.netdev.DeviceNames;
import org.virtfx.plumbing.netdev.NetNamespace;
import org.virtfx.plumbing.netdev.VethPair;
import org.virtfx.plumbing.process.ProcessExits;

/**
 * Re-adoption: containers left running by another run of the application are found again from
 * their write-ahead records ({@link ContainerStateFile}), as libvirt's LXC driver reconnects to
 * its controllers when the daemon restarts; a start that a killed process left half done is
 * undone, so nothing of it is left (supervisor, init, cgroup, state files). Each record is
 * handled under the domain's cross-process lock, so a start still under way in another
 * process is left to it.
 */
final class ContainerAdoption {
    private static final System.Logger LOG = System.getLogger(ContainerAdoption.class.getName());
    private static final String SUFFIX = ".state";

    private final LxcDriverConfig config;
    private final CgroupHierarchy cgroups;
    private final DomainObjectList<Container> domains;
    private final DomainLocks locks;
    private final ContainerStop stop;
    private final LoadWarnings warnings;
    /** The watches of supervisors found again after a restart, until each ends or this closes. */
    private final Set<ProcessExits.Watch> foreignWatches = new HashSet<>();

    ContainerAdoption(LxcDriverConfig config, CgroupHierarchy cgroups, DomainObjectList<Container> domains,
                      DomainLocks locks, ContainerStop stop, LoadWarnings warnings) {
        this.config = config;
        this.cgroups = cgroups;
        this.domains = domains;
        this.locks = locks;
        this.stop = stop;
        this.warnings = warnings;
    }

    /**
     * Handles every record in the state directory once the stored definitions are loaded: a
     * running container whose supervisor is still the same process is adopted; a start left
     * half done, or a container that ended while nobody watched, is cleaned up. A record that
     * cannot be read is skipped with a warning naming it.
     */
    void adoptAll() {
        Path stateDirectory = config.stateDirectory();
        if (!Files.isDirectory(stateDirectory)) {
            return;
        }
        AtomicFiles.removeStale(stateDirectory);
        List<Path> records = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(stateDirectory, "*" + SUFFIX)) {
            files.forEach(records::add);
        } catch (IOException e) {
            throw VirtException.system("cannot list container state in " + stateDirectory, e);
        }
        records.sort(null);
        for (Path file : records) {
            String fileName = file.getFileName().toString();
            String name = fileName.substring(0, fileName.length() - SUFFIX.length());
            try {
                UUID uuid = ContainerStateFile.read(file).uuid();
                // Read again under the lock: the record read to find the lock may be gone or
                // another start's by the time the lock is ours.
                locks.holdIfFree(uuid, () -> {
                    if (Files.exists(file)) {
                        ContainerStateFile record = ContainerStateFile.read(file);
                        if (record.uuid().equals(uuid)) {
                            recover(name, record);
                        }
                    }
                });
            } catch (RuntimeException e) {
                warnings.skipped(file, e instanceof VirtException ? e.getMessage() : e.toString());
            }
        }
    }

    /**
     * Brings {@code domain} up to date with its record before a job acts on it: another
     * process may have started it since this one looked. Caller holds the domain's job and
     * cross-process lock, so no other process is in the middle of a start.
     */
    void refresh(DomainObject<Container> domain) {
        if (domain.isActive()) {
            return;
        }
        Path file = ContainerStateFile.path(config.stateDirectory(), domain.name());
        if (!Files.exists(file)) {
            return;
        }
        ContainerStateFile record = ContainerStateFile.read(file);
        if (record.uuid().equals(domain.uuid())) {
            recover(domain.name(), record);
        }
    }

    /**
     * Whether the state directory still records {@code container} as the domain's, rather than
     * nothing (another process stopped it) or another start. Caller holds the domain's lock.
     */
    boolean stillRecorded(DomainObject<Container> domain, Container container) {
        Path file = ContainerStateFile.path(config.stateDirectory(), domain.name());
        if (!Files.exists(file)) {
            return false;
        }
        return ContainerStateFile.read(file).supervisorPid() == container.supervisor().pid();
    }

    /** Adopts the container of a complete record whose supervisor lives; undoes any other. */
    private void recover(String name, ContainerStateFile record) {
        Path liveXml = ContainerStateFile.liveXml(config.stateDirectory(), name);
        if (record.phase() == ContainerStateFile.Phase.RUNNING && record.supervisorAlive() && Files.exists(liveXml)) {
            adopt(name, record, liveXml);
        } else {
            discard(name, record);
        }
    }

    private void adopt(String name, ContainerStateFile record, Path liveXml) {
        DomainDefinition live = new DomainXml().parse(BoundedFiles.readDocument(liveXml), liveXml.toString());
        DomainObject<Container> domain;
        try {
            domain = domains.addTransient(live);
        } catch (VirtException clash) {
            // A stored definition took its name under another UUID: leave the container alone.
            LOG.log(Level.WARNING, "container '" + name + "' left running unmanaged: " + clash.getMessage());
            return;
        }
        ProcessHandle handle = ProcessHandle.of(record.supervisorPid()).orElse(null);
        if (handle == null) {
            discard(name, record);
            return;
        }
        Cgroup cgroup = cgroups.open(record.cgroup());
        List<VethPair> pairs = record.hostEnds().stream()
                .map(h -> new VethPair(h, "", NetNamespace.ofProcess(record.initPid()))).toList();
        DeviceNames.process().reserve(record.hostEnds());
        Container container = new Container(handle, foreignExit(record.supervisorPid(), record.supervisorStart()),
                record.initPid(), cgroup, pairs, record.terminal());
        boolean paused;
        try {
            paused = cgroup.frozen();
        } catch (VirtException cgroupGone) {
            paused = false;
        }
        domain.activate(container, live, (int) handle.pid(), paused ? DomainState.PAUSED : DomainState.RUNNING,
                paused ? StateReason.USER : StateReason.UNKNOWN);
        stop.watch(domain, container);
    }

    /**
     * Undoes what a record names: kills a supervisor and init still there (the kernel takes the
     * container's network namespace, and with it the veth pairs, when init dies), kills and
     * removes the cgroup, and removes the record, the live XML and the console socket.
     */
    private void discard(String name, ContainerStateFile record) {
        if (record.supervisorAlive()) {
            // Init's pid is trusted while its supervisor lives: the supervisor reaps it.
            ProcessHandle.of(record.initPid()).ifPresent(ProcessHandle::destroyForcibly);
            ProcessHandle.of(record.supervisorPid()).ifPresent(ProcessHandle::destroyForcibly);
        }
        Cgroup cgroup = cgroups.open(record.cgroup());
        cgroup.killAll();
        cgroup.remove();
        ContainerStateFile.delete(config.stateDirectory(), name);
        try {
            Files.deleteIfExists(ContainerConsole.socketPath(config.stateDirectory(), record.uuid()));
        } catch (IOException e) {
            throw VirtException.system("cannot remove the console socket of '" + name + "'", e);
        }
        LOG.log(Level.INFO, "cleaned up container '" + name + "', left " + record.phase().name().toLowerCase()
                + " by a process that ended");
    }

    /**
     * The exit of a supervisor left by an earlier run of the application. It is no longer our
     * child, so it becomes a zombie of PID 1 when it exits, and PID 1 here reaps about 2 s late:
     * {@link ProcessExits} counts it ended at its exit, and never takes another process under its
     * pid for it. Its status is unknown (-1).
     */
    private CompletableFuture<Integer> foreignExit(long pid, long startTime) {
        ProcessExits.Watch watch = ProcessExits.host().watch(pid, startTime);
        synchronized (this) {
            foreignWatches.add(watch);
        }
        watch.exited().whenComplete((status, failure) -> forget(watch));
        return watch.exited();
    }

    private synchronized void forget(ProcessExits.Watch watch) {
        foreignWatches.remove(watch);
    }

    /**
     * Stops watching adopted supervisors; their ends are handled by {@link ContainerStop},
     * closed first, so an end seen now would change nothing.
     */
    void close() {
        List<ProcessExits.Watch> watches;
        synchronized (this) {
            watches = List.copyOf(foreignWatches);
            foreignWatches.clear();
        }
        watches.forEach(ProcessExits.Watch::stop);
    }
}
