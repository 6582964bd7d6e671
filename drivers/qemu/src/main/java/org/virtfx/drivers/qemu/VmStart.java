package org.virtfx.drivers.qemu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.virtfx.core.config.AtomicFiles;
import org.virtfx.core.domain.DomainDefinition;
import org.virtfx.core.domain.DomainState;
import org.virtfx.core.domain.DomainXml;
import org.virtfx.core.driver.DomainObject;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.net.MacAddress;
import org.virtfx.core.network.NetworkFamily;
import org.virtfx.core.network.NetworkSummary;
import org.virtfx.core.task.Rollback;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlFormat;
import org.virtfx.core.xml.XmlParser;
import org.virtfx.drivers.qemu.argv.CommandLineContext;
import org.virtfx.drivers.qemu.argv.HostEnds;
import org.virtfx.drivers.qemu.argv.QemuArgvBuilder;
import org.virtfx.drivers.qemu.argv.PciPlacements;
import org.virtfx.drivers.qemu.argv.QemuCommandLine;
import org.virtfx.drivers.qemu.argv.TapEnd;
import org.virtfx.drivers.qemu.process.BalloonTarget;
import org.virtfx.drivers.qemu.process.LifecycleActions;
import org.virtfx.drivers.qemu.process.QemuProcess;
import org.virtfx.plumbing.netdev.NetNamespace;
import org.virtfx.plumbing.netdev.TapDevices;

/**
 * Starts VMs as libvirt's QEMU driver does: taps plugged into their bridges, QEMU started
 * paused with the command line of {@link QemuArgvBuilder}, its actions set over QMP, then
 * {@code cont}. Each step registers its undo before the next runs; a failure runs them all,
 * newest first, so nothing is left behind.
 */
final class VmStart {
    /** The XML namespace of what VirtFX adds to a running VM's XML (libvirt keeps {@code <metadata>} for applications). */
    static final String METADATA_NS = "https://virtfx.org/xmlns/qemu/1.0";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final QemuDriverConfig config;
    private final NetworkFamily networks;
    private final TapDevices taps;
    private final StartProbe probe;
    private final VmStop stop;
    private final VmEvents events;
    private final VolumeDisks volumes;
    private final DomainIds ids;

    /** @param networks and @param taps null for a session driver, which has neither */
    VmStart(QemuDriverConfig config, NetworkFamily networks, TapDevices taps, StartProbe probe, VmStop stop,
            VmEvents events, VolumeDisks volumes) {
        this.config = config;
        this.volumes = volumes;
        this.ids = new DomainIds(config);
        this.networks = networks;
        this.taps = taps;
        this.probe = probe;
        this.stop = stop;
        this.events = events;
    }

    /** One tapped interface: the guest's MAC and the bridge its tap joins. */
    record Nic(MacAddress mac, String bridge) {
    }

    /**
     * Builds the command line as a start would, with placeholder taps, so that a define refuses
     * what a start could not run ("unsupported configuration"), as libvirt validates on define.
     */
    void validate(DomainDefinition definition) {
        XmlElement domain = new XmlParser().parse(definition.xml(), definition.name());
        List<TapEnd> placeholders = new ArrayList<>();
        for (XmlElement nic : interfaces(domain)) {
            String type = nic.attribute("type").orElse("");
            if (type.equals("network") || type.equals("bridge")) {
                placeholders.add(TapEnd.named("vnet0"));
            }
        }
        commandLine(VolumeDisks.placeholders(domain), Acceleration.choose("qemu", config.kvmDevice()),
                directory(definition.uuid()), placeholders);
    }

    /**
     * Starts the domain's stored definition or, given a managed save image, the definition in
     * the image with QEMU loading the guest's state from it; caller holds the domain's job.
     */
    void launch(DomainObject<QemuRuntime> domain, VmBoot boot) {
        SaveImage restore = boot.image();
        DomainDefinition definition = restore == null ? domain.config()
                : new DomainXml().parse(restore.xml(), restore.file().toString());
        XmlElement xml = new XmlParser().parse(definition.xml(), definition.name());
        // Before anything is made: a missing pool or volume fails the start with nothing to undo.
        XmlElement opened = volumes.resolve(xml.copy());
        List<Nic> nics = tappedInterfaces(xml);
        Acceleration acceleration = Acceleration.choose(definition.hypervisorType(), config.kvmDevice());
        Path directory = directory(definition.uuid());
        Rollback undo = new Rollback();
        String name = definition.name();
        refuseAnotherProcessesRecord(name);
        try {
            probe.reached(StartStep.DIRECTORY);
            // Recorded before anything is made, and each tap before it is: a process killed from
            // here on leaves a record the next one adopts or undoes (VmAdoption). Removed last.
            // Each start takes the next id, as libvirt's does, a failed one too.
            int id = ids.next();
            AtomicReference<VmStateFile> record = new AtomicReference<>(VmStateFile.starting(definition.uuid(), id));
            record.get().write(config, name);
            undo.push(() -> VmStateFile.delete(config, name));
            createPrivate(directory);
            undo.push(() -> VmStop.deleteTree(directory));
            // This process holds the new QEMU's event monitor (see MonitorClaim); the directory is new, so it is free.
            MonitorClaim claim = MonitorClaim.tryClaim(directory).orElseThrow(() -> VirtException.of(
                    ErrorCode.INTERNAL_ERROR, "the monitor of the new VM in " + directory + " is claimed already"));
            undo.push(claim::release);

            probe.reached(StartStep.TAPS);
            List<String> made = new ArrayList<>();
            undo.push(() -> made.forEach(taps::delete));
            for (Nic nic : nics) {
                made.add(taps.plug(Optional.empty(), nic.mac(), nic.bridge(),
                        tap -> record.updateAndGet(r -> r.withTap(tap, nic.mac())).write(config, name)));
            }

            probe.reached(StartStep.PROCESS);
            QemuCommandLine commandLine = commandLine(opened, acceleration, directory,
                    made.stream().map(TapEnd::named).toList());
            if (!boot.arguments().isEmpty()) {
                // A restore's stream comes over QMP once QEMU listens; a snapshot loads before the monitor answers.
                commandLine = commandLine.withArguments(boot.arguments());
            }
            AtomicReference<QemuRuntime> running = new AtomicReference<>();
            QemuProcess qemu = QemuProcess.start(launcher(), commandLine, directory.resolve("monitor.sock"),
                    directory.resolve("qemu.pid"), LifecycleActions.of(xml), BalloonTarget.of(xml), START_TIMEOUT,
                    event -> {
                        QemuRuntime runtime = running.get();
                        if (runtime != null) {
                            events.on(domain, runtime, event);
                        }
                    });
            undo.push(qemu::destroy);
            // A destroy while we start kills QEMU; the step waiting on it then fails.
            domain.job().onAbort(qemu::destroy);

            if (restore != null) {
                VmSave.restore(qemu, directory, restore, definition.name());
            }

            probe.reached(StartStep.RUN);
            QemuRuntime runtime = new QemuRuntime(qemu, made, acceleration, directory);
            runtime.setClaim(claim);
            runtime.recordedPauseChanged(boot.paused());
            DomainDefinition live = liveDefinition(definition, made, acceleration, directory, commandLine.placements());
            AtomicFiles.write(VmStop.liveXml(config, name), new DomainXml().liveXml(live, id));
            undo.push(() -> deleteQuietly(VmStop.liveXml(config, name)));
            if (!boot.paused()) {
                qemu.cont();
            }
            // From here the VM counts as running: a process killed now leaves it to be adopted.
            record.get().running(made, qemu.pid()).withPaused(boot.paused()).write(config, name);
            domain.activate(runtime, live, id, boot.paused() ? DomainState.PAUSED : DomainState.RUNNING, boot.reason());
            running.set(runtime);
            stop.watch(domain, runtime);
        } catch (RuntimeException e) {
            undo.undoAll(e);
            if (domain.job().abortRequested() && !(e instanceof VirtException v && v.code() == ErrorCode.OPERATION_ABORTED)) {
                throw new VirtException(ErrorCode.OPERATION_ABORTED, "start of '" + name
                        + "' was interrupted by a forced stop", e.getMessage(), e);
            }
            throw e;
        }
    }

    /**
     * Under the domain's cross-process lock, a record this process did not write belongs to
     * another VirtFX process's VM (which this process, opened before that start, still lists as
     * shut off) or was left by a process that died. Starting over it would run a second QEMU on
     * the same disks, so the start is refused, saying which.
     */
    private void refuseAnotherProcessesRecord(String name) {
        Path file = VmStateFile.path(config, name);
        if (!Files.exists(file)) {
            return;
        }
        VmStateFile record = VmStateFile.read(file);
        boolean running = record.phase() == VmStateFile.Phase.RUNNING
                && ProcessHandle.of(record.qemuPid()).map(ProcessHandle::isAlive).orElse(false);
        throw VirtException.of(ErrorCode.OPERATION_INVALID, running
                ? "domain is already running in another VirtFX process (QEMU pid " + record.qemuPid() + ")"
                : "domain '" + name + "' has a start record left by a VirtFX process that ended (" + file
                        + "): connect again to clean it up");
    }

    private QemuCommandLine commandLine(XmlElement domain, Acceleration acceleration, Path directory,
                                        List<TapEnd> tapEnds) {
        CommandLineContext ctx = new CommandLineContext(acceleration.accel(), directory, directory.resolve("monitor.sock"),
                null, directory.resolve("VARS.fd"), tapEnds, HostEnds.QEMU_OPENS, VmStart::isCdromDrive,
                "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", System.getProperty("user.name"));
        return new QemuArgvBuilder().build(VncSocketDefault.apply(domain.copy(), directory), ctx);
    }

    /**
     * QEMU joins the namespace of the driver's bridges and taps: a tap is attached by name, in
     * QEMU's own namespace. nsenter execs QEMU in place, so it is still this application's child.
     */
    private List<String> launcher() {
        NetNamespace network = config.hostNetwork().orElse(NetNamespace.current());
        if (network.isCurrent()) {
            return List.of();
        }
        return List.of("/usr/bin/nsenter", "--net=" + network.path(), "--");
    }

    /** The VM's private directory; a UNIX socket path must fit in 108 bytes, so it is named by UUID. */
    Path directory(UUID uuid) {
        Path directory = config.stateDirectory().resolve(uuid.toString());
        if (directory.resolve("monitor.sock").toString().getBytes(StandardCharsets.UTF_8).length > 107) {
            throw VirtException.of(ErrorCode.CONFIG_UNSUPPORTED, "state directory " + config.stateDirectory()
                    + " is too long for the monitor socket " + directory.resolve("monitor.sock"));
        }
        return directory;
    }

    private static void createPrivate(Path directory) {
        try {
            Files.createDirectories(directory.getParent());
            if (Files.exists(directory)) {
                // Left by a VM killed with the application: nothing in it is current.
                VmStop.deleteTree(directory);
            }
            Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw VirtException.system("cannot create " + directory, e);
        }
    }

    private static List<XmlElement> interfaces(XmlElement domain) {
        return domain.child("devices").map(d -> d.children("interface")).orElse(List.of());
    }

    /** The bridge and MAC of each network and bridge interface, resolved before anything is created. */
    private List<Nic> tappedInterfaces(XmlElement domain) {
        List<Nic> nics = new ArrayList<>();
        for (XmlElement nic : interfaces(domain)) {
            tapped(nic).ifPresent(nics::add);
        }
        return nics;
    }

    /** The MAC and bridge of a network or bridge interface, which gets a tap; empty for other types. */
    Optional<Nic> tapped(XmlElement nic) {
        String type = nic.attribute("type").orElse("");
        if (!type.equals("network") && !type.equals("bridge")) {
            return Optional.empty();
        }
        if (taps == null) {
            throw VirtException.of(ErrorCode.CONFIG_UNSUPPORTED, "interface type '" + type
                    + "' needs qemu:///system: a session cannot make taps (use type 'user')");
        }
        String source = nic.child("source").flatMap(s -> s.attribute(type)).orElse("");
        MacAddress mac = MacAddress.parse(nic.child("mac").flatMap(m -> m.attribute("address")).orElseThrow());
        if (type.equals("bridge")) {
            return Optional.of(new Nic(mac, source));
        }
        NetworkSummary network = networks.list().stream().filter(n -> n.name().equals(source)).findFirst()
                .orElseThrow(() -> VirtException.of(ErrorCode.NO_NETWORK, "no network with matching name '" + source + "'"));
        if (!network.active()) {
            throw VirtException.of(ErrorCode.OPERATION_INVALID, "network '" + source + "' is not active");
        }
        return Optional.of(new Nic(mac, network.bridge()));
    }

    /**
     * The live definition: as defined, each tapped interface's {@code <target dev>} named as
     * libvirt shows it, a VNC display given no address on the socket it listens on, every PCI
     * device's address and the PCI controllers the start added ({@code placements}), and how
     * the guest's code runs in {@code <metadata>}.
     */
    private static DomainDefinition liveDefinition(DomainDefinition definition, List<String> made,
                                                   Acceleration acceleration, Path directory, PciPlacements placements) {
        XmlElement root = placements.applyTo(VncSocketDefault.apply(
                new XmlParser().parse(definition.xml(), definition.name()), directory));
        int tap = 0;
        for (XmlElement nic : interfaces(root)) {
            String type = nic.attribute("type").orElse("");
            if ((type.equals("network") || type.equals("bridge")) && tap < made.size()) {
                XmlElement target = nic.child("target").orElseGet(() -> {
                    XmlElement t = new XmlElement("target");
                    nic.append(t);
                    return t;
                });
                target.setAttribute("dev", made.get(tap++));
            }
        }
        XmlElement metadata = root.child("metadata").orElseGet(() -> {
            XmlElement m = new XmlElement("metadata");
            root.insertAfter(root.child("description").isPresent() ? "description" : "uuid", m);
            return m;
        });
        metadata.append(new XmlElement("virtfx:acceleration").setAttribute("xmlns:virtfx", METADATA_NS)
                .setAttribute("accel", acceleration.accel().option()).setText(acceleration.reason()));
        return new DomainDefinition(definition.hypervisorType(), definition.name(), definition.uuid(),
                definition.title(), definition.description(), definition.memoryKiB(), definition.currentMemoryKiB(),
                definition.vcpus(), definition.maxVcpus(), definition.osType(), XmlFormat.format(root));
    }

    /** Whether a block device is a CD-ROM drive: the kernel names them sr0, sr1... */
    private static boolean isCdromDrive(String path) {
        try {
            return Path.of(path).toRealPath().getFileName().toString().startsWith("sr");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // The next start of the VM overwrites it.
        }
    }
}
