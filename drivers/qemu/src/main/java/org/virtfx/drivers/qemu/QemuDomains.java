package org.virtfx.drivers.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ByteChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.virtfx.core.config.DefinitionStore;
import org.virtfx.core.config.LoadWarnings;
import org.virtfx.core.domain.DeviceScope;
import org.virtfx.core.domain.DomainAcceleration;
import org.virtfx.core.domain.DomainConsole;
import org.virtfx.core.domain.DomainDefinition;
import org.virtfx.core.domain.DomainSnapshot;
import org.virtfx.core.domain.DomainState;
import org.virtfx.core.domain.DomainStats;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.domain.DomainXml;
import org.virtfx.core.domain.StateReason;
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
import org.virtfx.core.network.NetworkFamily;
import org.virtfx.core.storage.StorageFamily;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlParser;
import org.virtfx.drivers.qemu.argv.CommandLineContext;
import org.virtfx.drivers.qemu.qmp.QmpClient;
import org.virtfx.plumbing.netdev.TapDevices;

/**
 * Virtual machines of {@code qemu:///}, after libvirt's QEMU driver: definitions stored as
 * files, each state change run as the domain's job, which also holds the domain's lock across
 * processes, with its event published after the job (and every lock) is released. Starting is {@link VmStart}'s, stopping and noticing an end
 * {@link VmStop}'s, QEMU's own events {@link VmEvents}'.
 */
final class QemuDomains implements DomainObjectFamily {
    private static final Duration QMP_TIMEOUT = Duration.ofSeconds(30);
    /** How long a job waits for another process's job on the same VM (a start takes seconds at most). */
    private static final Duration LOCK_WAIT = Duration.ofSeconds(30);
    private static final Duration LOOK_PERIOD = Duration.ofSeconds(1);
    private static final System.Logger LOG = System.getLogger(QemuDomains.class.getName());
    /** How long a close waits for a look or a pause record under way. */
    static final long FINISH_SECONDS = 10;

    private final QemuDriverConfig config;
    private final DefinitionStore store;
    private final DomainObjectList<QemuRuntime> domains = new DomainObjectList<>();
    private final DomainJobs jobs;
    private final VmStart starter;
    private final VmStop stopper;
    private final VmPauseRecorder pauses;
    private final VmSave saver;
    private final VmSnapshots snapshots;
    private final VmHotplug hotplug;
    private final VmAdoption adoption;
    private final DomainLocks locks;
    private final StoredDomains stored;
    private final VolumeDisks volumes;
    /**
     * Looks once a second by itself, so that a process that only follows events (the GUI) is
     * told of other processes' starts and pauses; one stat of the state directory when nothing
     * changed.
     */
    private final ScheduledExecutorService looker = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "qemu-look");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param networks null for a session driver
     * @param taps null for a session driver
     * @param pools where {@code <disk type='volume'>} disks find their volumes
     * @param warnings collects the definition and state files that could not be read and were skipped
     */
    QemuDomains(QemuDriverConfig config, NetworkFamily networks, TapDevices taps, StorageFamily pools, EventBus events,
                StartProbe probe, LoadWarnings warnings) {
        this.config = config;
        this.store = new DefinitionStore(config.configDirectory(), "domain");
        this.locks = new DomainLocks(config.stateDirectory().resolve("locks"), LOCK_WAIT);
        this.jobs = new DomainJobs(domains, events, locks);
        this.stopper = new VmStop(config, domains, jobs, taps, locks);
        this.pauses = new VmPauseRecorder(config, locks);
        VmEvents vmEvents = new VmEvents(jobs, pauses);
        this.volumes = new VolumeDisks(pools);
        this.starter = new VmStart(config, networks, taps, probe, stopper, vmEvents, volumes);
        this.saver = new VmSave(config, stopper);
        this.snapshots = new VmSnapshots(config, domains, jobs, store, starter, stopper, volumes);
        this.stored = new StoredDomains(store, config.configDirectory(), domains, jobs, saver::imagePath, snapshots);
        stored.loadAll(warnings);
        this.adoption = new VmAdoption(config, domains, locks, stopper, vmEvents, taps, warnings);
        adoption.adoptAll();
        this.hotplug = new VmHotplug(config, store, domains, jobs, starter, taps, adoption::refresh);
        looker.scheduleWithFixedDelay(this::look, LOOK_PERIOD.toMillis(), LOOK_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void look() {
        try {
            stored.refresh();
            adoption.refresh();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "a look at other processes' VMs failed; the next one tries again", e);
        }
    }

    /**
     * A look: other processes' defines and undefines ({@link StoredDomains#refresh()}), then
     * their starts, stops and pauses ({@link VmAdoption#refresh()}) are caught up with first.
     */
    @Override
    public List<DomainSummary> list() {
        catchUp();
        return domains.summaries();
    }

    private void catchUp() {
        stored.refresh();
        adoption.refresh();
    }

    @Override
    public Optional<DomainSummary> byName(String name) {
        catchUp();
        return domains.byName(name).map(DomainObject::summary);
    }

    @Override
    public Optional<DomainSummary> byUuid(UUID uuid) {
        catchUp();
        return domains.byUuid(uuid).map(DomainObject::summary);
    }

    @Override
    public Optional<DomainSummary> byId(int id) {
        catchUp();
        return domains.byId(id).map(DomainObject::summary).filter(s -> s.id() == id);
    }

    @Override
    public String driverName() {
        return QemuDriver.NAME;
    }

    @Override
    public DomainObjectList<QemuRuntime> objects() {
        return domains;
    }

    @Override
    public DomainSummary define(String xml) {
        DomainDefinition definition = new DomainXml().parse(xml, "(domain_definition)");
        DefinitionStore.requireSafeName(definition.name());
        if (!definition.hypervisorType().equals("qemu") && !definition.hypervisorType().equals("kvm")) {
            throw VirtException.of(ErrorCode.CONFIG_UNSUPPORTED, "Emulator '"
                    + QemuHostFacts.EMULATOR + "' does not support virt type '" + definition.hypervisorType() + "'");
        }
        starter.validate(definition);
        // A name or UUID another process defined since the last look must clash here too.
        stored.refresh();
        DomainObjectList.Defined<QemuRuntime> defined = domains.define(definition,
                stored -> store.save(stored.name(), stored.xml()));
        jobs.publish(new DomainEvent(defined.summary(), Type.DEFINED, defined.added() ? "added" : "updated"));
        return defined.summary();
    }

    @Override
    public void undefine(UUID uuid) {
        DomainObject<QemuRuntime> domain = domains.require(uuid);
        jobs.run(domain, "undefine", () -> {
            if (!domain.isPersistent()) {
                throw VirtException.of(ErrorCode.OPERATION_INVALID, "cannot undefine transient domain");
            }
            if (managedSaveNow(domain)) {
                throw VirtException.of(ErrorCode.OPERATION_INVALID,
                        "Refusing to undefine while domain managed save image exists");
            }
            int snapshotCount = domain.snapshots().count();
            if (!domain.isActive() && snapshotCount > 0) {
                throw VirtException.of(ErrorCode.OPERATION_INVALID,
                        "cannot delete inactive domain with " + snapshotCount + " snapshots");
            }
            return new DomainEvent(domains.undefine(domain, () -> store.delete(domain.name())), Type.UNDEFINED,
                    "removed");
        });
    }

    @Override
    public void start(UUID uuid) {
        DomainObject<QemuRuntime> domain = domains.require(uuid);
        jobs.run(domain, "start", () -> {
            adoption.refresh(domain);
            if (domain.isActive()) {
                throw VirtException.of(ErrorCode.OPERATION_INVALID, "domain is already running");
            }
            // As libvirt: a managed save image is restored instead of a boot, and removed once
            // that succeeds; a failed restore keeps it and fails the start.
            Path image = saver.imagePath(domain.name());
            if (!Files.exists(image)) {
                starter.launch(domain, VmBoot.COLD);
                return new DomainEvent(domain.summary(), Type.STARTED, "booted");
            }
            starter.launch(domain, VmBoot.restore(SaveImage.read(image)));
            try {
                Files.delete(image);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "Failed to remove the managed state " + image, e);
            }
            return new DomainEvent(domain.summary(), Type.STARTED, "restored");
        });
    }

    /**
     * Saves the running (or paused) VM's state into an image the driver keeps and stops it
     * with reason "saved"; the next start restores it. See {@link VmSave}.
     */
    @Override
    public void managedSave(UUID uuid) {
        DomainObject<QemuRuntime> domain = domains.require(uuid);
        jobs.run(domain, "managedsave", () -> {
            QemuRuntime runtime = runningNow(domain);
            if (!domain.isPersistent()) {
                throw VirtException.of(ErrorCode.OPERATION_INVALID, "cannot do managed save for transient domain");
            }
            return saver.save(domain, runtime);
        });
    }

    /** Internal snapshots of the domain's qcow2 disks; see {@link VmSnapshots}. */
    @Override
    public List<DomainSnapshot> snapshots(UUID uuid) {
        return snapshots.list(uuid);
    }

    @Override
    public DomainSnapshot createSnapshot(UUID uuid, String snapshotXml) {
        return snapshots.create(uuid, snapshotXml);
    }

    @Override
    public DomainSnapshot redefineSnapshot(UUID uuid, String snapshotXml) {
        return snapshots.redefine(uuid, snapshotXml, false);
    }

    @Override
    public DomainSnapshot redefineSnapshot(UUID uuid, String snapshotXml, boolean makeCurrent) {
        return snapshots.redefine(uuid, snapshotXml, makeCurrent);
    }

    @Override
    public String snapshotXml(UUID uuid, String name) {
        return snapshots.xml(uuid, name);
    }

    @Override
    public void revertToSnapshot(UUID uuid, String name) {
        snapshots.revert(uuid, name, false);
    }

    /** With {@code force}, a running VM whose snapshot is not ABI compatible restarts from it instead of refusing. */
    @Override
    public void revertToSnapshot(UUID uuid, String name, boolean force) {
        snapshots.revert(uuid, name, force);
    }

    @Override
    public void deleteSnapshot(UUID uuid, String name) {
        snapshots.delete(uuid, name);
    }

    /** Disks and interfaces live, any device in the definition; see {@link VmHotplug}. */
    @Override
    public void attachDevice(UUID uuid, String deviceXml, Set<DeviceScope> scopes) {
        hotplug.attach(uuid, deviceXml, scopes);
    }

    @Override
    public void detachDevice(UUID uuid, String deviceXml, Set<DeviceScope> scopes) {
        hotplug.detach(uuid, deviceXml, scopes);
    }

    /**
     * Whether the domain has a managed save image, after a look: the image is the truth, so a
     * save or a restore made by another process shows at once.
     */
    @Override
    public boolean hasManagedSave(UUID uuid) {
        adoption.refresh();
        return managedSaveNow(domains.require(uuid));
    }

    /** The flag brought up to date with the image, which another process may have made or used. */
    private boolean managedSaveNow(DomainObject<QemuRuntime> domain) {
        boolean saved = !domain.isActive() && Files.exists(saver.imagePath(domain.name()));
        domain.setManagedSave(saved);
        return saved;
    }

    /** Removes the image, with libvirt's error when there is none. */
    @Override
    public void managedSaveRemove(UUID uuid) {
        DomainObject<QemuRuntime> domain = domains.require(uuid);
        jobs.run(domain, "managedsave-remove", () -> {
            Path image = saver.imagePath(domain.name());
            try {
                Files.delete(image);
            } catch (IOException e) {
                throw VirtException.system("Failed to remove managed save file '" + image + "'", e);
            }
            domain.setManagedSave(false);
            return null;
        });
    }

    @Override
    public void destroy(UUID uuid) {
        DomainObject<QemuRuntime> domain = domains.require(uuid);
        jobs.runInterrupting(domain, "destroy",
                () -> stopper.kill(domain, runningNow(domain), StateReason.DESTROYED, false));
    }

    /** ACPI power button; the STOPPED event comes when the guest powers off and QEMU exits. */
    @Override
    public void shutdown(UUID uuid) {
        DomainObject<QemuRuntime> domain = domains.require(uuid);
        jobs.run(domain, "shutdown", () -> {
            runningNow(domain).process().execute("system_powerdown", QMP_TIMEOUT);
            return null;
        });
    }

    /**
     * ACPI reboot: the guest powers off and QEMU resets it instead of exiting (libvirt's fake
     * reboot), from any process: the one holding the event monitor acts on the power-off.
     */
    @Override
    public void reboot(UUID uuid) {
        DomainObject<QemuRuntime> domain = domains.require(uuid);
        jobs.run(domain, "reboot", () -> {
            runningNow(domain).process().reboot();
            return null;
        });
    }

    /** A hard reset; QEMU's RESET event tells. */
    @Override
    public void reset(UUID uuid) {
        DomainObject<QemuRuntime> domain = domains.require(uuid);
        jobs.run(domain, "reset", () -> {
            runningNow(domain).process().execute("system_reset", QMP_TIMEOUT);
            return null;
        });
    }

    @Override
    public void suspend(UUID uuid) {
        DomainObject<QemuRuntime> domain = domains.require(uuid);
        jobs.run(domain, "suspend", () -> {
            QemuRuntime runtime = runningNow(domain);
            if (domain.state() == DomainState.PAUSED) {
                throw VirtException.of(ErrorCode.OPERATION_INVALID, "domain is already paused");
            }
            runtime.expectPause(StateReason.USER);
            runtime.process().execute("stop", QMP_TIMEOUT);
            recordPause(domain, runtime, true);
            // QEMU's STOP event may have told already; if not, the job does.
            return VmEvents.change(domain, runtime, DomainState.RUNNING, DomainState.PAUSED, runtime.takePauseReason())
                    ? new DomainEvent(domain.summary(), Type.SUSPENDED, "paused") : null;
        });
    }

    @Override
    public void resume(UUID uuid) {
        DomainObject<QemuRuntime> domain = domains.require(uuid);
        jobs.run(domain, "resume", () -> {
            QemuRuntime runtime = runningNow(domain);
            if (domain.state() != DomainState.PAUSED) {
                throw VirtException.of(ErrorCode.OPERATION_INVALID, "domain is not paused");
            }
            runtime.process().execute("cont", QMP_TIMEOUT);
            recordPause(domain, runtime, false);
            return VmEvents.change(domain, runtime, DomainState.PAUSED, DomainState.RUNNING, StateReason.UNPAUSED)
                    ? new DomainEvent(domain.summary(), Type.RESUMED, "unpaused") : null;
        });
    }

    @Override
    public String xml(UUID uuid, boolean inactive) {
        DomainObject<QemuRuntime> domain = domains.require(uuid);
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
        DomainObject<QemuRuntime> domain = domains.require(uuid);
        jobs.run(domain, "autostart", () -> {
            if (!domain.isPersistent()) {
                throw VirtException.of(ErrorCode.OPERATION_INVALID, "cannot set autostart for transient domain");
            }
            store.setAutostart(domain.name(), autostart);
            domain.setAutostart(autostart);
            return new DomainEvent(domain.summary(), Type.DEFINED, "updated");
        });
    }

    /**
     * State, memory, the CPU time of QEMU's threads (vCPUs and all) from /proc, and each disk's
     * and tap's I/O counters. A query: it takes no job, so a VM that ends meanwhile gives the
     * figures of a shut-off domain rather than an error.
     */
    @Override
    public DomainStats stats(UUID uuid) {
        DomainObject<QemuRuntime> domain = domains.require(uuid);
        DomainDefinition definition;
        QemuRuntime runtime;
        DomainState state;
        synchronized (domain) {
            definition = domain.current();
            runtime = domain.runtime();
            state = domain.state();
        }
        if (runtime == null) {
            return new DomainStats(state, definition.vcpus(), definition.memoryKiB(), 0, 0);
        }
        long pid = runtime.process().pid();
        try {
            // A volume disk is counted by the file QEMU has open, its volume's path.
            XmlElement live = volumes.resolveFound(new XmlParser().parse(definition.xml(), definition.name()));
            return new DomainStats(state, definition.vcpus(), definition.memoryKiB(), definition.currentMemoryKiB(),
                    cpuTimeNanos(pid), runtime.process().session(qmp -> VmIoStats.disks(qmp, live)),
                    VmIoStats.interfaces(pid, runtime.taps()));
        } catch (VirtException e) {
            if (domain.runtime() != runtime) {
                return stats(uuid);
            }
            throw e;
        }
    }

    /**
     * Opens the running VM's serial console: the first {@code <serial>} (or {@code <console>})
     * of its live XML, on a UNIX socket QEMU listens on or on the pty QEMU made.
     */
    @Override
    public DomainConsole openConsole(UUID uuid) {
        DomainObject<QemuRuntime> domain = domains.require(uuid);
        QemuRuntime runtime = requireRunning(domain);
        XmlElement devices = new XmlParser().parse(domain.current().xml(), domain.name()).child("devices")
                .orElseThrow(() -> noConsole(domain));
        XmlElement serial = devices.child("serial").or(() -> devices.child("console")).orElseThrow(() -> noConsole(domain));
        String type = serial.attribute("type").orElse("");
        Optional<XmlElement> source = serial.child("source");
        if (type.equals("unix") && source.flatMap(s -> s.attribute("mode")).orElse("bind").equals("bind")) {
            return VmConsole.socket(Path.of(source.flatMap(s -> s.attribute("path")).orElseThrow()), domain.name());
        }
        if (type.equals("pty")) {
            for (JsonNode chardev : runtime.process().execute("query-chardev", QMP_TIMEOUT)) {
                String file = chardev.path("filename").asText();
                if (chardev.path("label").asText().equals("charserial0") && file.startsWith("pty:")) {
                    return VmConsole.pty(Path.of(file.substring("pty:".length())), domain.name());
                }
            }
        }
        throw VirtException.of(ErrorCode.OPERATION_FAILED, "character device serial0 of '" + domain.name()
                + "' is not using a PTY or a listening UNIX socket (type '" + type + "')");
    }

    private static VirtException noConsole(DomainObject<QemuRuntime> domain) {
        return VirtException.of(ErrorCode.INTERNAL_ERROR, "cannot find character device <null> of '"
                + domain.name() + "'");
    }

    /**
     * QEMU's {@code screendump} of the primary display, a PPM written into the VM's private
     * directory, read and removed. A query, as in libvirt: it takes no job.
     */
    @Override
    public byte[] screenshot(UUID uuid) {
        QemuRuntime runtime = requireRunning(domains.require(uuid));
        Path file = runtime.directory().resolve("screendump-" + UUID.randomUUID() + ".ppm");
        try {
            runtime.process().execute("screendump", QmpClient.arguments().put("filename", file.toString()), QMP_TIMEOUT);
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw VirtException.system("cannot read the screenshot " + file, e);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // The VM's directory goes when it stops.
            }
        }
    }

    /** Connects to the VNC server QEMU keeps on the UNIX socket its live XML names (or the VM's default one). */
    @Override
    public ByteChannel openGraphics(UUID uuid) {
        DomainObject<QemuRuntime> domain = domains.require(uuid);
        QemuRuntime runtime = requireRunning(domain);
        XmlElement graphics = new XmlParser().parse(domain.current().xml(), domain.name()).child("devices")
                .flatMap(devices -> devices.child("graphics"))
                .orElseThrow(() -> VirtException.of(ErrorCode.OPERATION_INVALID,
                        "domain '" + domain.name() + "' has no graphical console"));
        Path socket = graphics.child("listen").flatMap(listen -> listen.attribute("socket")).map(Path::of)
                .orElse(CommandLineContext.defaultVncSocket(runtime.directory()));
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socket));
            return channel;
        } catch (IOException e) {
            closeQuietly(channel);
            throw VirtException.system("cannot connect to the VNC socket " + socket + " of '" + domain.name() + "'", e);
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing was sent over it.
            }
        }
    }

    /** How a running VM runs its guest code, and why. */
    Acceleration runningAcceleration(UUID uuid) {
        return requireRunning(domains.require(uuid)).acceleration();
    }

    /**
     * What the running VM was started with, or for a VM that is off what its next start would
     * choose now (the KVM device is tried as a start tries it). A query: no job.
     */
    @Override
    public Optional<DomainAcceleration> acceleration(UUID uuid) {
        DomainObject<QemuRuntime> domain = domains.require(uuid);
        QemuRuntime runtime;
        String type;
        synchronized (domain) {
            runtime = domain.runtime();
            type = domain.inactiveDefinition().hypervisorType();
        }
        return Optional.of(runtime != null ? runtime.acceleration().summary(true)
                : Acceleration.choose(type, config.kvmDevice()).summary(false));
    }

    /** Where the domain's managed save image is kept, for tests. */
    Path managedSaveImage(UUID uuid) {
        return saver.imagePath(domains.require(uuid).name());
    }

    /** The running VM's QEMU pid, for tests. */
    long pid(UUID uuid) {
        return requireRunning(domains.require(uuid)).process().pid();
    }

    /**
     * Lets go of every running VM without stopping it: monitors closed, no exit watched, so that
     * the next state over this configuration (a later connection, the application's next run)
     * finds them again. A look or a pause record under way is let finish first, not interrupted
     * (an interrupted write would leave its temporary file), so that nothing of this connection
     * writes once it is closed.
     */
    void detachAll() {
        looker.shutdown();
        pauses.close();
        finish(looker, "the look at other processes' VMs");
        for (DomainObject<QemuRuntime> domain : domains.objects()) {
            QemuRuntime runtime = domain.runtime();
            if (runtime != null && runtime.claimFinish()) {
                runtime.finished().complete(null);
                runtime.process().release();
                runtime.releaseClaim();
            }
        }
    }

    /** Waits, a while, for an executor that was shut down to run what it was given. */
    static void finish(ExecutorService executor, String what) {
        try {
            if (!executor.awaitTermination(FINISH_SECONDS, TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, what + " did not end within " + FINISH_SECONDS + " s of the close");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts every persistent domain marked for autostart; one failure does not stop the others. */
    List<VirtException> autostart() {
        return domains.autostart(this::start);
    }

    private static long cpuTimeNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // utime and stime (fields 14 and 15) in clock ticks of 1/100 s.
            return (Long.parseLong(rest[11]) + Long.parseLong(rest[12])) * 10_000_000L;
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    /**
     * The domain's QEMU for a job, after catching up with other processes (a start made
     * elsewhere is adopted, a free monitor taken over); caller holds the job and so the
     * domain's lock. A record that no longer names that QEMU means another process stopped it
     * while this job waited for the lock: this process's exit watch shows that next.
     */
    private QemuRuntime runningNow(DomainObject<QemuRuntime> domain) {
        adoption.refresh(domain);
        QemuRuntime runtime = requireRunning(domain);
        boolean recorded = VmStateFile.find(config, domain.name()).filter(r -> r.qemuPid() == runtime.process().pid())
                .isPresent();
        if (!recorded) {
            throw VirtException.of(ErrorCode.OPERATION_INVALID, "domain is not running");
        }
        return runtime;
    }

    /** So that the other processes that have the VM show the pause; caller holds the domain's lock. */
    private void recordPause(DomainObject<QemuRuntime> domain, QemuRuntime runtime, boolean paused) {
        runtime.recordedPauseChanged(paused);
        VmStateFile.update(config, domain.name(), runtime.process().pid(), r -> r.withPaused(paused));
    }

    static QemuRuntime requireRunning(DomainObject<QemuRuntime> domain) {
        QemuRuntime runtime = domain.runtime();
        if (runtime == null) {
            throw VirtException.of(ErrorCode.OPERATION_INVALID, "domain is not running");
        }
        return runtime;
    }
}
