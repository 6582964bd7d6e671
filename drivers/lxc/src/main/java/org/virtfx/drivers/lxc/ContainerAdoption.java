package org.virtfx.drivers.lxc;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.virtfx.core.domain.DomainDefinition;
import org.virtfx.core.domain.DomainState;
import org.virtfx.core.domain.DomainXml;
import org.virtfx.core.domain.StateReason;
import org.virtfx.core.driver.DomainObject;
import org.virtfx.core.driver.DomainObjectList;
import org.virtfx.core.error.VirtException;
import org.virtfx.plumbing.netdev.DeviceNames;
import org.virtfx.plumbing.netdev.NetNamespace;
import org.virtfx.plumbing.netdev.VethPair;

/**
 * Re-adoption: containers left running by an earlier run of the application are found again
 * from the state files their start wrote, as libvirt's LXC driver reconnects to its
 * controllers when the daemon restarts.
 */
final class ContainerAdoption {
    private static final System.Logger LOG = System.getLogger(ContainerAdoption.class.getName());

    private final LxcDriverConfig config;
    private final CgroupHierarchy cgroups;
    private final DomainObjectList<Container> domains;
    private final ContainerStop stop;
    /** Polls supervisors found again after a restart; made only when there are any. */
    private ScheduledExecutorService foreignWatcher;

    ContainerAdoption(LxcDriverConfig config, CgroupHierarchy cgroups, DomainObjectList<Container> domains,
                      ContainerStop stop) {
        this.config = config;
        this.cgroups = cgroups;
        this.domains = domains;
        this.stop = stop;
    }

    /**
     * Finds running containers again from their state files: a supervisor that is still the
     * same process (pid and start time) is adopted with its cgroup, live XML and host ends; a
     * stale state file is cleaned up. Runs once the stored definitions are loaded.
     */
    void adoptAll() {
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
        DomainObject<Container> domain;
        try {
            domain = domains.addTransient(live);
        } catch (VirtException clash) {
            // A stored definition took its name under another UUID: leave the container alone.
            LOG.log(Level.WARNING, "container '" + name + "' left running unmanaged: " + clash.getMessage());
            return;
        }
        ProcessHandle handle = supervisor.get();
        Cgroup cgroup = cgroups.open(Container.cgroupName(live.uuid()));
        List<VethPair> pairs = state.get().hostEnds().stream()
                .map(h -> new VethPair(h, "", NetNamespace.ofProcess(state.get().initPid()))).toList();
        DeviceNames.process().reserve(state.get().hostEnds());
        Container container = new Container(handle, foreignExit(state.get().supervisorPid(),
                state.get().supervisorStart()), state.get().initPid(), cgroup, pairs, state.get().terminal());
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
}
