package org.virtfx.drivers.qemu;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.virtfx.core.config.AtomicFiles;
import org.virtfx.core.config.BoundedFiles;
import org.virtfx.core.config.DirectoryChanges;
import org.virtfx.core.config.LoadWarnings;
import org.virtfx.core.domain.DomainDefinition;
import org.virtfx.core.domain.DomainState;
import org.virtfx.core.domain.DomainXml;
import org.virtfx.core.domain.StateReason;
import org.virtfx.core.driver.DomainLocks;
import org.virtfx.core.driver.DomainObject;
import org.virtfx.core.driver.DomainObjectList;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlParser;
import org.virtfx.drivers.qemu.argv.Accel;
import org.virtfx.drivers.qemu.process.LifecycleActions;
import org.virtfx.drivers.qemu.process.QemuProcess;
import org.virtfx.drivers.qemu.qmp.QmpEvent;
import org.virtfx.plumbing.netdev.DeviceNames;
import org.virtfx.plumbing.netdev.TapDevices;
import org.virtfx.plumbing.process.ProcessEnds;
import org.virtfx.plumbing.process.ProcessTable;

/**
 * Reconnect: VMs left running by an earlier run of the application are found again from their
 * write-ahead records ({@link VmStateFile}), as libvirt's QEMU driver reconnects when its daemon
 * restarts. A VM recorded as running whose QEMU still runs (the pid's command line names the
 * VM's monitor socket) is adopted over QMP. Any other record is a start that a killed process
 * left half done, or a VM that ended while nobody watched, and is undone as libvirt kills a
 * domain it finds still starting up: its QEMU killed, its taps, directory, live XML and record
 * removed. Each record is handled under the domain's cross-process lock, so a start still under
 * way in another process is left to it.
 */
final class VmAdoption {
    private static final System.Logger LOG = System.getLogger(VmAdoption.class.getName());
    private static final String SUFFIX = ".state";
    private static final Duration QMP_TIMEOUT = Duration.ofSeconds(30);
    /** A SIGKILLed QEMU ends within milliseconds; this only bounds a wait on a stuck kernel. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);
    /** A free monitor greets at once; this only bounds a QEMU too busy to. */
    private static final Duration TAKEOVER_TIMEOUT = Duration.ofSeconds(5);
    /** How long a look waits for this process to show a stop another process made. */
    private static final Duration STOP_SEEN_WAIT = Duration.ofSeconds(5);

    private final QemuDriverConfig config;
    private final DomainObjectList<QemuRuntime> domains;
    private final DomainLocks locks;
    private final VmStop stop;
    private final VmEvents events;
    private final TapDevices taps;
    private final LoadWarnings warnings;
    private final DirectoryChanges stateStamp;

    /** @param taps null for a session driver */
    VmAdoption(QemuDriverConfig config, DomainObjectList<QemuRuntime> domains, DomainLocks locks, VmStop stop,
               VmEvents events, TapDevices taps, LoadWarnings warnings) {
        this.config = config;
        this.domains = domains;
        this.locks = locks;
        this.stop = stop;
        this.events = events;
        this.taps = taps;
        this.warnings = warnings;
        this.stateStamp = new DirectoryChanges(config.stateDirectory());
    }

    /**
     * Handles every record once the stored definitions are loaded, after removing the temporary
     * files of writers that were killed; a record that cannot be read or handled is skipped with
     * a warning naming it.
     */
    void adoptAll() {
        Path stateDirectory = config.stateDirectory();
        if (!Files.isDirectory(stateDirectory)) {
            return;
        }
        AtomicFiles.removeStale(stateDirectory);
        scan(true);
    }

    /**
     * Catches up with what other VirtFX processes did since this one last looked, as every
     * list and lookup does first ("a look"): a VM another process started is adopted, one it
     * left half started or that ended unwatched is cleaned up, a guest's pause or resume made
     * elsewhere is shown, and the event monitor of a VM whose holder ended is taken over. A
     * record under another process's job (its lock held) is left for the next look. Cheap when
     * nothing changed: the state directory's modification time, which every record write or
     * removal changes (each is a rename or an unlink in it), says so.
     */
    void refresh() {
        Path stateDirectory = config.stateDirectory();
        if (Files.isDirectory(stateDirectory) && stateStamp.changed()) {
            scan(false);
            if (awaitStopsMadeElsewhere()) {
                // A VM stopped and started again elsewhere: its new QEMU is adopted now.
                scan(false);
            }
        }
        takeOverFreeMonitors();
    }

    /**
     * A VM another process stopped has no record of its QEMU any more, and its QEMU has ended;
     * this process's exit watch is about to show it, and the look waits for that (briefly: the
     * watch only waits for the stopping process's lock), so that it shows the stop.
     */
    private boolean awaitStopsMadeElsewhere() {
        boolean waited = false;
        for (DomainObject<QemuRuntime> domain : domains.objects()) {
            QemuRuntime runtime = domain.runtime();
            if (runtime == null || !ProcessEnds.ended(runtime.process().pid())) {
                continue;
            }
            boolean recorded = VmStateFile.find(config, domain.name())
                    .filter(r -> r.qemuPid() == runtime.process().pid()).isPresent();
            if (!recorded) {
                waited = true;
                try {
                    runtime.finished().get(STOP_SEEN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException | ExecutionException e) {
                    LOG.log(Level.DEBUG, "the end of VM '" + domain.name() + "' is not shown yet", e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return waited;
                }
            }
        }
        return waited;
    }

    /**
     * Brings one domain up to date with its record before a job acts on it; caller holds the
     * domain's job and lock, so no other process is in the middle of changing it.
     */
    void refresh(DomainObject<QemuRuntime> domain) {
        VmStateFile record = VmStateFile.find(config, domain.name()).filter(r -> r.uuid().equals(domain.uuid()))
                .orElse(null);
        QemuRuntime runtime = domain.runtime();
        if (record == null) {
            return;
        }
        if (runtime == null) {
            recover(domain.name(), record);
        } else if (record.qemuPid() == runtime.process().pid()) {
            showPause(domain, runtime, record);
            showLive(domain, runtime, record);
            takeOver(domain, runtime);
            finishJobOfEndedProcess(domain, runtime, record);
        }
    }

    private void scan(boolean opening) {
        Path stateDirectory = config.stateDirectory();
        List<DomainObject<QemuRuntime>> started = new ArrayList<>();
        List<Path> records = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(stateDirectory, "*" + SUFFIX)) {
            files.forEach(records::add);
        } catch (IOException e) {
            throw VirtException.system("cannot read VM state in " + stateDirectory, e);
        }
        records.sort(null);
        for (Path file : records) {
            String fileName = file.getFileName().toString();
            String name = fileName.substring(0, fileName.length() - SUFFIX.length());
            try {
                VmStateFile seen = VmStateFile.find(config, name).orElse(null);
                // A record of a job a process left unfinished is handled even for a VM this process has.
                if (seen == null || !opening && known(name, seen) && !seen.interrupted()) {
                    continue;
                }
                UUID uuid = seen.uuid();
                // Read again under the lock: the record read to find the lock may be gone or
                // another start's by the time the lock is ours.
                boolean handled = locks.holdIfFree(uuid, () -> {
                    if (Files.exists(file)) {
                        VmStateFile record = VmStateFile.read(file);
                        // Another thread's look may have adopted it while this one waited.
                        DomainObject<QemuRuntime> domain = domains.byUuid(uuid).orElse(null);
                        QemuRuntime runtime = domain == null ? null : domain.runtime();
                        if (!record.uuid().equals(uuid)) {
                            return;
                        }
                        if (runtime == null) {
                            recover(name, record);
                            domains.byUuid(uuid).filter(DomainObject::isActive).ifPresent(started::add);
                        } else if (record.qemuPid() == runtime.process().pid()) {
                            finishJobOfEndedProcess(domain, runtime, record);
                        }
                    }
                });
                if (!handled) {
                    // Under another process's job: its end may change nothing in the directory
                    // (a kill -9 only drops the lock), so the next look scans again.
                    stateStamp.forget();
                }
            } catch (RuntimeException e) {
                if (opening) {
                    warnings.skipped(file, "its VM is left unmanaged: "
                            + (e instanceof VirtException ? e.getMessage() : e.toString()));
                } else {
                    // Named in a warning when this process opened it, or handled by the process that made it.
                    LOG.log(Level.DEBUG, "VM state " + file + " left for the next look", e);
                }
            }
        }
        if (!opening) {
            // Told once every lock is released: a listener may call back into the driver.
            started.forEach(events::startedElsewhere);
        }
    }

    /**
     * Whether this process has the record's VM already (running as that QEMU, with its pause
     * shown); a record of a VM this process runs as another QEMU is left to the old QEMU's
     * exit watch, which is about to see it end.
     */
    private boolean known(String name, VmStateFile record) {
        DomainObject<QemuRuntime> domain = domains.byUuid(record.uuid()).orElse(null);
        QemuRuntime runtime = domain == null ? null : domain.runtime();
        if (runtime == null) {
            return false;
        }
        if (record.qemuPid() == runtime.process().pid()) {
            showPause(domain, runtime, record);
            showLive(domain, runtime, record);
        }
        return true;
    }

    /**
     * Loads the live XML when another process rewrote it since this one last read or wrote it
     * (a hot-plug), with the taps the record names, so that the devices it plugged show here and
     * a stop here removes its taps. One {@code stat} when nothing changed. A live XML of another
     * QEMU of the VM (stopped and started again elsewhere) is left to the old QEMU's exit watch.
     */
    private void showLive(DomainObject<QemuRuntime> domain, QemuRuntime runtime, VmStateFile record) {
        Path file = VmStop.liveXml(config, domain.name());
        FileStamp stamp = FileStamp.of(file).orElse(null);
        if (record.phase() != VmStateFile.Phase.RUNNING || stamp == null || !runtime.liveChanged(stamp)) {
            return;
        }
        DomainDefinition live = new DomainXml().parse(BoundedFiles.readDocument(file), file.toString());
        synchronized (domain) {
            if (domain.runtime() == runtime) {
                domain.setLive(live);
            }
        }
        runtime.setTaps(record.taps().stream().map(VmStateFile.Tap::name).toList());
    }

    /**
     * Shows a pause or resume recorded since this process last looked: by a job (here or in
     * another process), or by the event monitor's holder for a pause QEMU made by itself (an
     * I/O error, a guest panic kept by on_crash preserve), with its reason.
     */
    private void showPause(DomainObject<QemuRuntime> domain, QemuRuntime runtime, VmStateFile record) {
        if (record.phase() != VmStateFile.Phase.RUNNING || !runtime.recordedPauseChanged(record.paused())) {
            return;
        }
        if (record.paused()) {
            showPaused(domain, runtime, record.pauseReason());
        } else if (VmEvents.change(domain, runtime, DomainState.PAUSED, DomainState.RUNNING, StateReason.UNPAUSED)) {
            events.told(domain, DomainState.RUNNING, StateReason.UNPAUSED);
        }
    }

    /** A guest kept after its panic is crashed rather than paused, as libvirt shows it. */
    private void showPaused(DomainObject<QemuRuntime> domain, QemuRuntime runtime, StateReason reason) {
        DomainState state = reason == StateReason.PANICKED ? DomainState.CRASHED : DomainState.PAUSED;
        if (VmEvents.change(domain, runtime, DomainState.RUNNING, state, reason)) {
            events.told(domain, state, reason);
        }
    }

    /** Why QEMU's run status says the guest is stopped, in libvirt's words for the pauses QEMU makes itself. */
    private static StateReason pauseReason(String status) {
        return switch (status) {
            case "io-error" -> StateReason.IOERROR;
            case "guest-panicked" -> StateReason.PANICKED;
            default -> StateReason.USER;
        };
    }

    /** Takes the event monitor of each VM held here as a guest whose holder ended or let go. */
    private void takeOverFreeMonitors() {
        for (DomainObject<QemuRuntime> domain : domains.objects()) {
            QemuRuntime runtime = domain.runtime();
            if (runtime != null) {
                takeOver(domain, runtime);
            }
        }
    }

    private void takeOver(DomainObject<QemuRuntime> domain, QemuRuntime runtime) {
        if (runtime.ownsMonitor() || runtime.finishClaimed()) {
            return;
        }
        MonitorClaim claim = MonitorClaim.tryClaim(runtime.directory()).orElse(null);
        if (claim == null) {
            return;
        }
        try {
            runtime.process().takeMonitor(TAKEOVER_TIMEOUT);
            runtime.setClaim(claim);
            // What happened while nobody held the monitor: its events are lost, its state is not.
            String status = runtime.process().execute("query-status", QMP_TIMEOUT).path("status").asText();
            if (!runtime.process().catchUp(status)) {
                showPaused(domain, runtime, pauseReason(status));
            } else if (VmEvents.change(domain, runtime, DomainState.PAUSED, DomainState.RUNNING, StateReason.UNPAUSED)) {
                events.told(domain, DomainState.RUNNING, StateReason.UNPAUSED);
            }
        } catch (RuntimeException e) {
            claim.release();
            runtime.releaseClaim();
            LOG.log(Level.WARNING, "could not take over the monitor of VM '" + domain.name() + "'", e);
        }
    }

    private void recover(String name, VmStateFile record) {
        Path liveXml = VmStop.liveXml(config, name);
        Path directory = config.stateDirectory().resolve(record.uuid().toString());
        Path image = VmSave.imagePath(config, name);
        boolean stopDecided = record.stopping() != null || record.saving() && Files.exists(image);
        if (record.phase() == VmStateFile.Phase.RUNNING && Files.exists(liveXml) && !stopDecided
                && commandLineNames(record.qemuPid(), directory.resolve("monitor.sock"))) {
            adopt(liveXml, record, directory);
            DomainObject<QemuRuntime> domain = domains.byUuid(record.uuid()).orElseThrow();
            finishJobOfEndedProcess(domain, domain.runtime(), record);
        } else {
            // Never started, ended unwatched, or its stop (a destroy, a save whose image is
            // complete) decided by a process that died before it was done.
            discard(name, record, directory);
            if (record.saving()) {
                VmSave.deleteQuietly(VmSave.partialPath(image));
            }
        }
        domains.byUuid(record.uuid()).ifPresent(d -> d.setManagedSave(!d.isActive() && Files.exists(image)));
    }

    /**
     * Finishes or undoes the job a killed process left on a VM that still runs, as its record
     * tells; caller holds the domain's lock, so that process is gone. A stop it decided (a
     * destroy, or a save whose image is complete) is carried out: QEMU is killed and the exit
     * watch cleans up with the recorded reason. A save whose image is not complete is undone and
     * the guest runs again as before. A managed save image beside a VM that runs is one a
     * restore started from and the killed process did not get to remove: libvirt removes it once
     * the restore has succeeded, and a later start must not bring back that old memory over
     * disks that have run on since.
     */
    private void finishJobOfEndedProcess(DomainObject<QemuRuntime> domain, QemuRuntime runtime, VmStateFile record) {
        String name = domain.name();
        Path image = VmSave.imagePath(config, name);
        long pid = runtime.process().pid();
        if (record.stopping() == null && record.saving() && Files.exists(image)) {
            VmStateFile.update(config, name, pid, r -> r.withStopping(StateReason.SAVED));
        }
        if (record.stopping() != null || record.saving() && Files.exists(image)) {
            runtime.process().destroy();
        } else if (record.saving()) {
            VmSave.undoInterrupted(config, name, runtime, !record.paused());
            if (!record.paused()) {
                // Shown at once; the monitor's RESUME event, if this process holds it, finds it so already.
                VmEvents.change(domain, runtime, DomainState.PAUSED, DomainState.RUNNING, StateReason.UNPAUSED);
            }
            LOG.log(Level.INFO, "undid the managed save of VM '" + name + "' that a process that ended left half done");
        } else if (Files.exists(image)) {
            VmSave.deleteQuietly(image);
            domain.setManagedSave(false);
            LOG.log(Level.INFO, "removed the managed save image of VM '" + name + "', which runs restored from it");
        }
    }

    /**
     * Connects to QEMU's monitor and asks its state before the domain is listed, so that a QEMU
     * that does not answer leaves no half-adopted domain behind (the record stays, and the
     * warning names it).
     */
    private void adopt(Path liveXml, VmStateFile record, Path directory) {
        FileStamp stamp = FileStamp.of(liveXml).orElse(null);
        DomainDefinition live = new DomainXml().parse(BoundedFiles.readDocument(liveXml), liveXml.toString());
        XmlElement root = new XmlParser().parse(live.xml(), liveXml.toString());
        AtomicReference<DomainObject<QemuRuntime>> adopted = new AtomicReference<>();
        AtomicReference<QemuRuntime> running = new AtomicReference<>();
        Consumer<QmpEvent> listener = event -> {
            QemuRuntime runtime = running.get();
            if (runtime != null) {
                events.on(adopted.get(), runtime, event);
            }
        };
        // A monitor another process holds never greets a second client: the claim says whether
        // it is free, at once, and a busy one makes this process a guest.
        MonitorClaim claim = MonitorClaim.tryClaim(directory).orElse(null);
        QemuProcess qemu;
        DomainObject<QemuRuntime> domain;
        boolean paused;
        String status;
        try {
            if (claim != null) {
                qemu = QemuProcess.adopt(record.qemuPid(), directory.resolve("monitor.sock"),
                        directory.resolve("qemu.pid"), LifecycleActions.of(root), listener);
            } else {
                qemu = QemuProcess.guest(record.qemuPid(), directory.resolve("monitor.sock"),
                        directory.resolve("qemu.pid"), LifecycleActions.of(root), listener);
            }
        } catch (RuntimeException e) {
            if (claim != null) {
                claim.release();
            }
            throw e;
        }
        try {
            status = claim != null ? qemu.qmp().execute("query-status", QMP_TIMEOUT).path("status").asText()
                    : record.paused() ? "paused" : "running";
            paused = !status.equals("running");
            domain = domains.addTransient(live);
        } catch (RuntimeException e) {
            qemu.release();
            if (claim != null) {
                claim.release();
            }
            throw e;
        }
        List<String> tapNames = record.taps().stream().map(VmStateFile.Tap::name).toList();
        DeviceNames.process().reserve(tapNames);
        QemuRuntime runtime = new QemuRuntime(qemu, tapNames, acceleration(root), directory);
        runtime.setClaim(claim);
        runtime.recordedPauseChanged(record.paused());
        if (stamp != null) {
            runtime.liveChanged(stamp);
        }
        // Every process shows the id the start took; a record from before ids were kept has its QEMU's pid.
        int id = record.id() > 0 ? record.id() : (int) record.qemuPid();
        StateReason reason = !paused ? StateReason.UNKNOWN : claim != null ? pauseReason(status) : record.pauseReason();
        domain.activate(runtime, live, id, !paused ? DomainState.RUNNING
                : reason == StateReason.PANICKED ? DomainState.CRASHED : DomainState.PAUSED, reason);
        adopted.set(domain);
        running.set(runtime);
        stop.watch(domain, runtime);
        if (claim != null) {
            qemu.catchUp(status);
        }
    }

    /**
     * Undoes what a record names: every process whose command line names the VM's monitor
     * socket (QEMU, or nsenter about to exec it) killed and waited for, the taps that are still
     * the record's (name and address), the VM's directory and live XML, and last the record.
     */
    private void discard(String name, VmStateFile record, Path directory) {
        killProcessesNaming(directory.resolve("monitor.sock"));
        if (taps != null) {
            record.taps().forEach(tap -> taps.deleteIfPlugged(tap.name(), tap.guestMac()));
        }
        VmStop.deleteTree(directory);
        try {
            Files.deleteIfExists(VmStop.liveXml(config, name));
        } catch (IOException e) {
            throw VirtException.system("cannot remove the live XML of '" + name + "'", e);
        }
        VmStateFile.delete(config, name);
        LOG.log(Level.INFO, "cleaned up VM '" + name + "', left " + record.phase().name().toLowerCase()
                + " by a process that ended");
    }

    /**
     * Kills the processes naming {@code monitor} and waits until they have ended. They are no
     * child of ours, so their end is a zombie or a vanished pid ({@link ProcessEnds}), not a
     * reap, which PID 1 makes late.
     */
    private static void killProcessesNaming(Path monitor) {
        List<ProcessHandle> found = new ArrayList<>();
        for (ProcessTable.Entry entry : ProcessTable.naming(monitor.toString())) {
            ProcessHandle.of(entry.pid()).ifPresent(found::add);
        }
        found.forEach(ProcessHandle::destroyForcibly);
        try {
            for (ProcessHandle process : found) {
                if (!ProcessEnds.await(process, KILL_WAIT)) {
                    throw VirtException.of(ErrorCode.OPERATION_FAILED, "process " + process.pid() + " of "
                            + monitor.getParent() + " did not end within " + KILL_WAIT.toSeconds() + " s of SIGKILL");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw VirtException.of(ErrorCode.OPERATION_ABORTED, "interrupted while waiting for QEMU to end");
        }
    }

    /** Whether process {@code pid} is the QEMU of this monitor socket, not another process under a reused pid. */
    private static boolean commandLineNames(long pid, Path monitor) {
        try {
            String cmdline = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    StandardCharsets.UTF_8);
            return cmdline.contains(monitor.toString());
        } catch (IOException gone) {
            return false;
        }
    }

    /** The acceleration the start recorded in the live XML's metadata. */
    private static Acceleration acceleration(XmlElement root) {
        return root.child("metadata").flatMap(m -> m.child("virtfx:acceleration"))
                .map(a -> new Acceleration(a.attribute("accel").orElse("tcg").equals("kvm") ? Accel.KVM : Accel.TCG,
                        a.text()))
                .orElse(new Acceleration(Accel.TCG, "unknown: the VM was found running"));
    }
}
