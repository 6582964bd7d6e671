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
import java.util.concurrent.atomic.AtomicReference;
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
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlParser;
import org.virtfx.drivers.qemu.argv.Accel;
import org.virtfx.drivers.qemu.process.LifecycleActions;
import org.virtfx.drivers.qemu.process.QemuProcess;
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

    private final QemuDriverConfig config;
    private final DomainObjectList<QemuRuntime> domains;
    private final DomainLocks locks;
    private final VmStop stop;
    private final VmEvents events;
    private final TapDevices taps;
    private final LoadWarnings warnings;

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
                UUID uuid = VmStateFile.read(file).uuid();
                // Read again under the lock: the record read to find the lock may be gone or
                // another start's by the time the lock is ours.
                locks.holdIfFree(uuid, () -> {
                    if (Files.exists(file)) {
                        VmStateFile record = VmStateFile.read(file);
                        if (record.uuid().equals(uuid)) {
                            recover(name, record);
                        }
                    }
                });
            } catch (RuntimeException e) {
                warnings.skipped(file, "its VM is left unmanaged: "
                        + (e instanceof VirtException ? e.getMessage() : e.toString()));
            }
        }
    }

    private void recover(String name, VmStateFile record) {
        Path liveXml = VmStop.liveXml(config, name);
        Path directory = config.stateDirectory().resolve(record.uuid().toString());
        if (record.phase() == VmStateFile.Phase.RUNNING && Files.exists(liveXml)
                && commandLineNames(record.qemuPid(), directory.resolve("monitor.sock"))) {
            adopt(liveXml, record, directory);
        } else {
            discard(name, record, directory);
        }
    }

    /**
     * Connects to QEMU's monitor and asks its state before the domain is listed, so that a QEMU
     * that does not answer leaves no half-adopted domain behind (the record stays, and the
     * warning names it).
     */
    private void adopt(Path liveXml, VmStateFile record, Path directory) {
        DomainDefinition live = new DomainXml().parse(BoundedFiles.readDocument(liveXml), liveXml.toString());
        XmlElement root = new XmlParser().parse(live.xml(), liveXml.toString());
        AtomicReference<DomainObject<QemuRuntime>> adopted = new AtomicReference<>();
        AtomicReference<QemuRuntime> running = new AtomicReference<>();
        QemuProcess qemu = QemuProcess.adopt(record.qemuPid(), directory.resolve("monitor.sock"),
                directory.resolve("qemu.pid"), LifecycleActions.of(root), event -> {
                    QemuRuntime runtime = running.get();
                    if (runtime != null) {
                        events.on(adopted.get(), runtime, event);
                    }
                });
        DomainObject<QemuRuntime> domain;
        String status;
        try {
            status = qemu.qmp().execute("query-status", QMP_TIMEOUT).path("status").asText();
            domain = domains.addTransient(live);
        } catch (RuntimeException e) {
            qemu.qmp().close();
            throw e;
        }
        List<String> tapNames = record.taps().stream().map(VmStateFile.Tap::name).toList();
        DeviceNames.process().reserve(tapNames);
        QemuRuntime runtime = new QemuRuntime(qemu, tapNames, acceleration(root), directory);
        boolean paused = !status.equals("running");
        domain.activate(runtime, live, (int) record.qemuPid(), paused ? DomainState.PAUSED : DomainState.RUNNING,
                paused ? StateReason.USER : StateReason.UNKNOWN);
        adopted.set(domain);
        running.set(runtime);
        stop.watch(domain, runtime);
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
