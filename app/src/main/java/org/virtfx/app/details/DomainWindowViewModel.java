package org.virtfx.app.details;

import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.virtfx.app.addhardware.AddHardwareViewModel;
import org.virtfx.app.addhardware.HostSourcesReader;
import org.virtfx.app.addhardware.NewHardware;
import org.virtfx.app.addhardware.NewVolume;
import org.virtfx.app.clone.CloneViewModel;
import org.virtfx.app.console.GraphicsConsoleViewModel;
import org.virtfx.app.console.TerminalBuffer;
import org.virtfx.app.console.TerminalSession;
import org.virtfx.app.delete.DeleteViewModel;
import org.virtfx.app.disks.DiskPaths;
import org.virtfx.app.preferences.Preferences;
import org.virtfx.app.settings.ConfirmKind;
import org.virtfx.app.snapshots.SnapshotsViewModel;
import org.virtfx.app.shutdown.ShutdownWatch;
import org.virtfx.app.ui.ConfirmAnswer;
import org.virtfx.app.ui.Confirmation;
import org.virtfx.app.ui.DialogService;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.Feature;
import org.virtfx.core.domain.DeviceScope;
import org.virtfx.core.domain.DomainAcceleration;
import org.virtfx.core.domain.DomainState;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.domain.DomainXml;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.event.DomainEvent;
import org.virtfx.core.event.EventSource;
import org.virtfx.core.host.NodeInfo;
import org.virtfx.core.osinfo.OsDatabase;
import org.virtfx.core.storage.VolumeSummary;
import org.virtfx.core.task.BackgroundTask;
import org.virtfx.core.task.TaskExecutor;
import org.virtfx.core.xml.SchemaValidator;

/**
 * The VM window: its toolbar actions, the hardware list with one page per entry, the page's
 * XML tab, and the console area. Every driver call runs as a background task; edits go to the
 * persistent definition (a running guest's memory and vCPUs also to the guest, where the
 * connection changes them live) and the window reloads it afterwards.
 */
public final class DomainWindowViewModel implements AutoCloseable {
    /** What the window shows. */
    public enum Mode { CONSOLE, DETAILS, SNAPSHOTS }

    /** Which console the Console mode shows: the VNC screen, or the serial or container terminal. */
    public enum ConsoleKind { GRAPHICS, TEXT }

    /** virt-manager's console page for a domain that is shut off, above its Run button. */
    public static final String GUEST_NOT_RUNNING = "Guest is not running.";

    private final Connection connection;
    private final TaskExecutor tasks;
    private final DialogService dialogs;
    private final ShutdownWatch shutdowns;
    private final SnapshotsViewModel snapshots;
    private final Preferences preferences;
    private final PersistentDefinition definition;
    private final String connectionTitle;
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper();
    private final ReadOnlyObjectWrapper<DomainSummary> summary = new ReadOnlyObjectWrapper<>();
    private final ObservableList<HardwareItem> hardware = FXCollections.observableArrayList();
    private final ObjectProperty<HardwareItem> selected = new SimpleObjectProperty<>();
    private final ReadOnlyObjectWrapper<DetailsPage> page = new ReadOnlyObjectWrapper<>();
    private final Map<HardwareKind, DetailsPage> pages = new EnumMap<>(HardwareKind.class);
    private final PerformancePage performance = new PerformancePage();
    private final OsInfoPage osInfo = new OsInfoPage(LocalDate::now);
    private final XmlTab xmlTab;
    private final ObjectProperty<Mode> mode = new SimpleObjectProperty<>(Mode.DETAILS);
    private final ReadOnlyBooleanWrapper customizing = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper closed = new ReadOnlyBooleanWrapper();
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final ReadOnlyStringWrapper consoleMessage = new ReadOnlyStringWrapper();
    private final BooleanBinding appliesAfterShutdown;
    private final ReadOnlyBooleanWrapper pageDirty = new ReadOnlyBooleanWrapper();
    private final BooleanBinding pending;
    private final ReadOnlyStringWrapper pageWhenApplied = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper pageOutcome = new ReadOnlyStringWrapper("");
    private final StringBinding pageNote;
    private final EventSource.Subscription events;
    private final java.util.concurrent.Executor ui;
    private final TerminalBuffer terminalBuffer = new TerminalBuffer(80, 24, 5000);
    private final ReadOnlyObjectWrapper<TerminalSession> terminal = new ReadOnlyObjectWrapper<>();
    private final javafx.beans.property.ReadOnlyIntegerWrapper terminalVersion =
            new javafx.beans.property.ReadOnlyIntegerWrapper();
    private boolean consoleOpening;
    /** Connect was chosen while Preferences ▸ Console ▸ autoconnect is off. */
    private boolean consoleAsked;
    private final ReadOnlyBooleanWrapper consoleOffered = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<ConsoleKind> consoleKind = new ReadOnlyObjectWrapper<>(ConsoleKind.TEXT);
    private final GraphicsConsoleViewModel graphics;
    private DomainDocument document;
    private Consumer<UUID> startInstall = this::start;
    private boolean osListAsked;

    private record Loaded(DomainSummary summary, String xml, NodeInfo host, Optional<DomainAcceleration> acceleration) {
    }

    /** The state read again, and what accelerates the domain now that it may have started or stopped. */
    private record Refreshed(Optional<DomainSummary> summary, Optional<DomainAcceleration> acceleration) {
    }

    /**
     * @param ui runs console output on the UI thread (the application's change queue)
     */
    public DomainWindowViewModel(Connection connection, UUID uuid, String connectionTitle, TaskExecutor tasks,
                                 DialogService dialogs, Preferences preferences, SchemaValidator schema,
                                 java.util.concurrent.Executor ui) {
        this.connection = connection;
        this.ui = ui;
        this.tasks = tasks;
        this.dialogs = dialogs;
        this.shutdowns = new ShutdownWatch(tasks, dialogs);
        this.preferences = preferences;
        this.definition = new PersistentDefinition(connection, uuid, schema);
        this.xmlTab = new XmlTab(schema);
        xmlTab.editableProperty().bind(preferences.xmlEditingProperty());
        DomainXml domainXml = new DomainXml();
        pages.put(HardwareKind.OVERVIEW, new OverviewPage());
        pages.put(HardwareKind.OS_INFO, osInfo);
        pages.put(HardwareKind.PERFORMANCE, performance);
        boolean liveResources = connection.supports(Feature.LIVE_RESOURCE_CHANGES);
        pages.put(HardwareKind.CPUS, new CpusPage(domainXml, liveResources));
        pages.put(HardwareKind.MEMORY, new MemoryPage(domainXml, liveResources));
        pages.put(HardwareKind.BOOT, new BootPage());
        pages.put(HardwareKind.DISK, new DiskPage(domainXml));
        pages.put(HardwareKind.NIC, new NicPage());
        pages.put(HardwareKind.FILESYSTEM, new FilesystemPage());
        pages.put(HardwareKind.CONSOLE, new ConsolePage());
        pages.put(HardwareKind.SERIAL, new ConsolePage());
        pages.put(HardwareKind.GRAPHICS, new GraphicsPage());
        pages.put(HardwareKind.SOUND, new SoundPage());
        pages.put(HardwareKind.VIDEO, new VideoPage());
        pages.put(HardwareKind.CONTROLLER, new ControllerPage());
        pages.put(HardwareKind.INPUT, new InputPage());
        pages.put(HardwareKind.CHANNEL, new ChannelPage());
        pages.put(HardwareKind.WATCHDOG, new WatchdogPage());
        pages.put(HardwareKind.TPM, new TpmPage());
        pages.put(HardwareKind.RNG, new RngPage());
        pages.put(HardwareKind.PANIC, new PanicPage());
        pages.put(HardwareKind.OTHER_DEVICE, new DevicePage());
        this.connectionTitle = connectionTitle;
        title.set("Loading… on " + connectionTitle);
        consoleMessage.set("Connecting to the console…");
        this.snapshots = new SnapshotsViewModel(connection, uuid, tasks, dialogs, ZoneId.systemDefault());
        this.graphics = new GraphicsConsoleViewModel(connection, uuid, tasks, ui, dialogs, this::graphicsEnded);
        mode.addListener((obs, was, now) -> connectConsoleIfShown());
        // Read when shown, as virt-manager does: most windows never open their snapshots.
        mode.addListener((obs, was, now) -> {
            if (now == Mode.SNAPSHOTS) {
                snapshots.refresh();
            }
        });
        summary.addListener((obs, was, now) -> connectConsoleIfShown());
        appliesAfterShutdown = Bindings.createBooleanBinding(() -> summary.get() != null && summary.get().isActive(),
                summary);
        pending = pageDirty.or(xmlTab.editableProperty().and(xmlTab.changedProperty()));
        // An edit of the XML tab goes to the definition only, whatever the page could do live.
        pageNote = Bindings.createStringBinding(() -> !pending.get() ? pageOutcome.get()
                : !appliesAfterShutdown.get() ? "" : pageDirty.get() ? pageWhenApplied.get() : DetailsPage.AFTER_SHUTDOWN,
                pending, appliesAfterShutdown, pageDirty, pageWhenApplied, pageOutcome);
        selected.addListener((obs, was, now) -> show(now));
        events = connection.events().subscribe(event -> {
            // Events arrive on a driver thread; refreshing runs as a task, never here.
            if (event instanceof DomainEvent domainEvent && domainEvent.domain().uuid().equals(uuid)) {
                refreshSummary(domainEvent.type() == DomainEvent.Type.DEFINED);
                consoleFollows(domainEvent.type());
            }
        });
        load();
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<DomainSummary> summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public ObservableList<HardwareItem> hardware() {
        return hardware;
    }

    public ObjectProperty<HardwareItem> selectedProperty() {
        return selected;
    }

    /** The selected entry's page; the view picks the form for its type. */
    public ReadOnlyObjectProperty<DetailsPage> pageProperty() {
        return page.getReadOnlyProperty();
    }

    public XmlTab xmlTab() {
        return xmlTab;
    }

    public ObjectProperty<Mode> modeProperty() {
        return mode;
    }

    /** The Snapshots mode's list, read each time the mode is chosen. */
    public SnapshotsViewModel snapshots() {
        return snapshots;
    }

    /** True while the window customises a new domain before its first start (Begin / Cancel). */
    public ReadOnlyBooleanProperty customizingProperty() {
        return customizing.getReadOnlyProperty();
    }

    /** Set once the window has nothing left to show (its domain was cancelled or deleted). */
    public ReadOnlyBooleanProperty closedProperty() {
        return closed.getReadOnlyProperty();
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    public ReadOnlyStringProperty consoleMessageProperty() {
        return consoleMessage.getReadOnlyProperty();
    }

    /**
     * True while the domain runs: the test driver (and libvirt without live update) changes only
     * the persistent definition, so the page says the change waits for the next shutdown.
     */
    public BooleanBinding appliesAfterShutdownProperty() {
        return appliesAfterShutdown;
    }

    /** The document Add Hardware builds on; null until the first load. */
    public DomainDocument document() {
        return document;
    }

    /**
     * Puts the window in "customize before install" mode; Begin Installation starts the domain
     * through {@code startInstall} (on a worker), which knows what the install's first boot
     * needs and what the saved definition keeps after it.
     */
    public void customizeBeforeInstall(Consumer<UUID> startInstall) {
        customizing.set(true);
        mode.set(Mode.DETAILS);
        this.startInstall = startInstall;
    }

    /** Reads the summary and persistent XML again and refreshes the list and the page. */
    public void load() {
        busy.set(true);
        tasks.execute(BackgroundTask.of("Reading domain " + definition.uuid(), progress ->
                new Loaded(definition.summary(), definition.inactiveXml(),
                        connection.host().nodeInfo(), connection.domains().acceleration(definition.uuid())))
                .onSuccess(this::loaded)
                .onFailure(e -> dialogs.showError("Could not read the domain's details", e))
                .onFinished(() -> busy.set(false)));
    }

    private void loaded(Loaded loaded) {
        // The document first: the summary's listeners (the console) read it.
        document = new DomainDocument(loaded.xml());
        summary.set(loaded.summary());
        title.set(loaded.summary().name() + " on " + connectionTitle);
        overview().showAcceleration(loaded.acceleration());
        // Without host facts (a driver that has none) the limits stay unknown, 0, and unchecked.
        if (loaded.host() != null) {
            ((CpusPage) pages.get(HardwareKind.CPUS)).setHostCpus(loaded.host().cpus());
            ((MemoryPage) pages.get(HardwareKind.MEMORY)).setHostMemoryMiB(loaded.host().memoryKiB() / 1024);
        }
        HardwareItem before = selected.get();
        List<HardwareItem> items = document.hardware();
        hardware.setAll(items);
        HardwareItem again = before == null ? items.get(0) : items.stream()
                .filter(i -> i.kind() == before.kind() && i.element().equals(before.element())
                        && i.index() == before.index()).findFirst().orElse(items.get(0));
        if (again.equals(selected.get())) {
            show(again);
        } else {
            selected.set(again);
        }
    }

    /**
     * Reads osinfo-db's 800-odd files for the OS information page, once, when it is first shown:
     * read at every window's opening, their parsing took a core for most of a second while the
     * first window was being built, and most windows never show that page.
     */
    private void readOsList() {
        if (osListAsked) {
            return;
        }
        osListAsked = true;
        tasks.execute(BackgroundTask.of("Reading the operating system list", progress -> OsDatabase.system())
                .onSuccess(osInfo::setDatabase));
    }

    private OverviewPage overview() {
        return (OverviewPage) pages.get(HardwareKind.OVERVIEW);
    }

    private void show(HardwareItem item) {
        if (item == null || document == null) {
            return;
        }
        DetailsPage shown = pages.get(item.kind());
        shown.load(document, summary.get(), item);
        if (shown == osInfo) {
            readOsList();
        }
        xmlTab.load(document, item);
        page.set(shown);
        pageDirty.bind(shown.dirtyProperty());
        pageWhenApplied.bind(shown.whenAppliedProperty());
        pageOutcome.bind(shown.outcomeProperty());
    }

    /**
     * What the page says beside Apply: while it has changes for a running guest, when they take
     * effect; after an Apply that changed the running guest, what it did or why it could not.
     */
    public StringBinding pageNoteProperty() {
        return pageNote;
    }

    /** True while the page or its XML has changes that Apply would save and Cancel would drop. */
    public BooleanBinding pendingProperty() {
        return pending;
    }

    /** Applies the page: from the XML tab when its text was edited, else from the form. */
    public void apply() {
        if (document == null) {
            return;
        }
        if (xmlTab.editableProperty().get() && xmlTab.isChanged()) {
            applyXml();
            return;
        }
        DetailsPage current = page.get();
        String xml;
        try {
            xml = current.applyTo(document);
        } catch (RuntimeException e) {
            dialogs.showError("The change cannot be applied", e);
            return;
        }
        define("Applying changes to " + document.name(), xml, current);
    }

    /**
     * Checks the XML tab's text against the schema; with no problems, shows the diff and defines
     * the result once the person agrees. Problems stay listed in the tab.
     */
    public void applyXml() {
        Optional<XmlTab.Proposal> proposal = xmlTab.check();
        if (proposal.isEmpty()) {
            return;
        }
        ConfirmAnswer answer = dialogs.confirm(new Confirmation("Apply XML changes",
                "Apply these changes to '" + document.name() + "'?", proposal.get().diff(), false));
        if (answer.accepted()) {
            define("Applying XML to " + document.name(), proposal.get().domainXml(), null);
        }
    }

    public void cancel() {
        if (page.get() != null) {
            page.get().revert();
        }
        xmlTab.revert();
    }

    /** Removes the selected device, after asking if Preferences say so. */
    public void removeSelected() {
        HardwareItem item = selected.get();
        if (item == null || !item.kind().isDevice() || document == null) {
            return;
        }
        if (preferences.confirmProperty(ConfirmKind.DEVICE_REMOVAL).get()) {
            ConfirmAnswer answer = dialogs.confirm(new Confirmation("Remove device",
                    "Are you sure you want to remove this device?", "Device: " + item.label(), true));
            if (!answer.accepted()) {
                return;
            }
            if (answer.dontAskAgain()) {
                preferences.confirmProperty(ConfirmKind.DEVICE_REMOVAL).set(false);
            }
        }
        selected.set(hardware.get(0));
        String deviceXml = document.deviceXml(item.element(), item.index());
        String xml = document.withoutDevice(item.element(), item.index());
        boolean running = appliesAfterShutdown.get();
        AtomicBoolean unplugged = new AtomicBoolean();
        save("Removing " + item.label(), () -> unplugged.set(detachOrDefine(running, deviceXml, xml)),
                () -> said(unplugged.get(), running, "Removed from the running guest and from its configuration"));
    }

    /**
     * Add Hardware's model for this domain; the connection's networks and pools fill in as
     * they are read. Empty before the domain has loaded.
     */
    public Optional<AddHardwareViewModel> addHardware() {
        if (document == null) {
            return Optional.empty();
        }
        AddHardwareViewModel add = new AddHardwareViewModel(document, connection.features(),
                preferences.newVmProperty().get().imageFormat());
        add.setRunning(appliesAfterShutdown.get());
        tasks.execute(BackgroundTask.of("Reading networks and storage of " + connectionTitle,
                progress -> HostSourcesReader.read(connection)).onSuccess(add::setSources)
                .onFailure(e -> dialogs.showError("Could not read the connection's networks and storage", e)));
        return Optional.of(add);
    }

    /**
     * Adds the device Add Hardware made, creating its disk image first; the image goes again
     * if the domain refuses the device, so a failed add leaves nothing behind.
     */
    public void addHardware(NewHardware hardware) {
        String xml = document.withDevice(hardware.deviceXml());
        boolean running = appliesAfterShutdown.get();
        AtomicBoolean plugged = new AtomicBoolean();
        Runnable add = () -> plugged.set(attachOrDefine(running, hardware.deviceXml(), xml));
        Supplier<String> said = () -> said(plugged.get(), running, "Added to the running guest and to its configuration");
        if (hardware.volume().isEmpty()) {
            DiskPaths disks = new DiskPaths(connection);
            save("Adding hardware to " + document.name(), () -> {
                disks.requireSourceOf(hardware.deviceXml());
                add.run();
            }, said);
            return;
        }
        NewVolume volume = hardware.volume().get();
        save("Creating a disk image for " + document.name(), () -> {
            UUID pool = connection.storage().lookupPool(volume.pool()).uuid();
            VolumeSummary created = connection.storage().createVolume(pool, volume.volumeXml());
            try {
                add.run();
            } catch (RuntimeException e) {
                try {
                    connection.storage().deleteVolume(pool, created.name());
                } catch (RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw e;
            }
        });
    }

    /**
     * Saves the definition, then what the page changes outside it; what that did is told and
     * stays on the page.
     *
     * @param form the page whose form made {@code xml}; null for the XML tab's text
     */
    private void define(String what, String xml, DetailsPage form) {
        boolean running = appliesAfterShutdown.get();
        AtomicReference<Optional<String>> told = new AtomicReference<>(Optional.empty());
        save(what, () -> {
            definition.define(xml);
            if (form != null) {
                told.set(form.applyOutsideXml(definition));
            }
        }, () -> told.get().map(outcome -> {
            form.showOutcome(outcome);
            return outcome;
        }).orElseGet(() -> said(false, running, "")));
    }

    /**
     * Plugs the device into the running guest and its definition where the driver can, else
     * adds it to the definition for the next start, as virt-manager offers when a live attach
     * fails. Runs in the background.
     *
     * @return whether the running guest has it now
     */
    private boolean attachOrDefine(boolean running, String deviceXml, String xml) {
        return liveOrDefine(running, () -> connection.domains().attachDevice(definition.uuid(), deviceXml,
                EnumSet.of(DeviceScope.LIVE, DeviceScope.CONFIG)), xml);
    }

    /** As {@link #attachOrDefine}, for a removal: the guest lets go of the device first. */
    private boolean detachOrDefine(boolean running, String deviceXml, String xml) {
        return liveOrDefine(running, () -> connection.domains().detachDevice(definition.uuid(), deviceXml,
                EnumSet.of(DeviceScope.LIVE, DeviceScope.CONFIG)), xml);
    }

    private boolean liveOrDefine(boolean running, Runnable live, String xml) {
        if (running && connection.supports(Feature.LIVE_DEVICE_CHANGES)) {
            try {
                live.run();
                return true;
            } catch (VirtException e) {
                // This kind (or this bus) cannot be plugged live: it waits for the next start.
                if (e.code() != ErrorCode.OPERATION_UNSUPPORTED && e.code() != ErrorCode.NO_SUPPORT) {
                    throw e;
                }
            }
        }
        definition.define(xml);
        return false;
    }

    /** Runs a change of the definition in the background, then reloads the pages and says when it applies. */
    private void save(String what, Runnable change) {
        save(what, change, () -> said(false, appliesAfterShutdown.get(), ""));
    }

    /** What a saved change tells: done in the running guest, or when it takes effect. */
    private static String said(boolean live, boolean running, String liveWords) {
        return live ? liveWords : running ? "Saved; the changes take effect after the next guest shutdown" : "Saved";
    }

    private void save(String what, Runnable change, Supplier<String> said) {
        busy.set(true);
        tasks.execute(BackgroundTask.ofAction(what, change::run).onSuccess(v -> {
            load();
            dialogs.notify(said.get());
        }).onFailure(e -> dialogs.showError("The change could not be applied", e))
                .onFinished(() -> busy.set(false)));
    }

    public void run() {
        lifecycle("Starting", d -> d.state() == DomainState.PAUSED ? () -> connection.domains().resume(d.uuid())
                : () -> connection.domains().start(d.uuid()));
    }

    /** Pauses a running domain, resumes a paused one. */
    public void pauseOrResume() {
        DomainSummary s = summary.get();
        if (s == null) {
            return;
        }
        if (s.state() == DomainState.PAUSED) {
            lifecycle("Resuming", d -> () -> connection.domains().resume(d.uuid()));
        } else if (ask(ConfirmKind.PAUSE, "pause")) {
            lifecycle("Pausing", d -> () -> connection.domains().suspend(d.uuid()));
        }
    }

    public void shutdown() {
        if (ask(ConfirmKind.POWER_OFF, "poweroff")) {
            lifecycle("Shutting down", d -> () -> connection.domains().shutdown(d.uuid()),
                    d -> shutdowns.watch(connection.domains(), d.uuid(), d.name()));
        }
    }

    public void reboot() {
        if (ask(ConfirmKind.POWER_OFF, "reboot")) {
            lifecycle("Rebooting", d -> () -> connection.domains().reboot(d.uuid()));
        }
    }

    public void forceReset() {
        if (ask(ConfirmKind.FORCE_OFF, "force reset")) {
            lifecycle("Resetting", d -> () -> connection.domains().reset(d.uuid()));
        }
    }

    public void forceOff() {
        if (ask(ConfirmKind.FORCE_OFF, "force poweroff")) {
            lifecycle("Forcing off", d -> () -> connection.domains().destroy(d.uuid()));
        }
    }

    /** Virtual Machine ▸ Clone: the Clone dialog's model, while the domain is shut off. */
    public Optional<CloneViewModel> cloneDialog() {
        DomainSummary s = summary.get();
        if (s == null || s.isActive()) {
            return Optional.empty();
        }
        return Optional.of(new CloneViewModel(connection, s.uuid(), tasks, dialogs, new SecureRandom()));
    }

    /** Virtual Machine ▸ Delete: the Delete dialog's model; the window closes once the domain is gone. */
    public Optional<DeleteViewModel> deleteDialog() {
        DomainSummary s = summary.get();
        if (s == null) {
            return Optional.empty();
        }
        return Optional.of(new DeleteViewModel(connection, s.uuid(), s.name(), tasks, dialogs, this::confirmStorage));
    }

    /** The Delete dialog's storage question, under the Preferences "Deleting storage" toggle. */
    private boolean confirmStorage(Confirmation question) {
        if (!preferences.confirmProperty(ConfirmKind.DELETE).get()) {
            return true;
        }
        ConfirmAnswer answer = dialogs.confirm(question);
        if (answer.accepted() && answer.dontAskAgain()) {
            preferences.confirmProperty(ConfirmKind.DELETE).set(false);
        }
        return answer.accepted();
    }

    /** Whether the console waits for Connect, Preferences ▸ Console ▸ autoconnect being off. */
    public ReadOnlyBooleanProperty consoleOfferedProperty() {
        return consoleOffered.getReadOnlyProperty();
    }

    /** Connect: opens the console that autoconnect left closed, or that was disconnected. */
    public void connectConsole() {
        consoleAsked = true;
        consoleOffered.set(false);
        connectConsoleIfShown();
    }

    /** Send Key: presses the keys in the guest, as virt-manager's menu does, released after a short hold. */
    public void sendKey(SendKey key) {
        if (graphics.sessionProperty().get() != null) {
            graphics.sendKeys(key.label(), key.vncKeys());
            return;
        }
        lifecycle("Sending " + key.label() + " to", d -> () -> connection.domains().sendKey(d.uuid(), 0, key.keycodes()));
    }

    /** Shut Down ▸ Save: the managed save virt-manager offers, asked under the same toggle as Shut Down. */
    public void save() {
        if (ask(ConfirmKind.POWER_OFF, "save")) {
            lifecycle("Saving", d -> () -> connection.domains().managedSave(d.uuid()));
        }
    }

    /** Begin Installation: starts the new domain and shows its console. */
    public void beginInstall() {
        customizing.set(false);
        mode.set(Mode.CONSOLE);
        Consumer<UUID> start = startInstall;
        lifecycle("Starting", d -> () -> start.accept(d.uuid()));
    }

    private void start(UUID uuid) {
        connection.domains().start(uuid);
    }

    /** Cancel Installation: the domain the wizard defined goes away again. */
    public void cancelInstall() {
        DomainSummary s = summary.get();
        customizing.set(false);
        if (s == null) {
            closed.set(true);
            return;
        }
        tasks.execute(BackgroundTask.ofAction("Removing " + s.name(), () -> connection.domains().undefine(s.uuid()))
                .onFailure(e -> dialogs.showError("Could not remove " + s.name(), e))
                .onFinished(() -> closed.set(true)));
    }

    /** Takes one statistics sample for the Performance page. */
    public void sampleStats() {
        tasks.execute(BackgroundTask.of("Statistics of " + definition.uuid(), progress ->
                connection.domains().stats(definition.uuid()))
                .onSuccess(stats -> performance.sample(stats, System.nanoTime())));
    }

    public PerformancePage performance() {
        return performance;
    }

    private boolean ask(ConfirmKind kind, String verb) {
        DomainSummary s = summary.get();
        if (s == null || !preferences.confirmProperty(kind).get()) {
            return s != null;
        }
        ConfirmAnswer answer = dialogs.confirm(new Confirmation("Confirm " + verb,
                "Are you sure you want to " + verb + " '" + s.name() + "'?",
                kind == ConfirmKind.FORCE_OFF ? "This will immediately " + verb.replace("force ", "")
                        + " the VM without shutting down the OS and may cause data loss." : "", true));
        if (answer.dontAskAgain()) {
            preferences.confirmProperty(kind).set(false);
        }
        return answer.accepted();
    }

    private void lifecycle(String what, Function<DomainSummary, Runnable> action) {
        lifecycle(what, action, d -> { });
    }

    /** @param then runs on the UI thread once the call has returned */
    private void lifecycle(String what, Function<DomainSummary, Runnable> action, Consumer<DomainSummary> then) {
        DomainSummary s = summary.get();
        if (s == null) {
            return;
        }
        Runnable call = action.apply(s);
        tasks.execute(BackgroundTask.ofAction(what + " " + s.name(), call::run)
                .onSuccess(v -> {
                    refreshSummary(false);
                    then.accept(s);
                })
                .onFailure(e -> dialogs.showError(what + " " + s.name() + " failed", e)));
    }

    /**
     * Reads the state again; after a redefinition by someone else, the pages too, unless the
     * person has unapplied changes (their Apply then wins, as in virt-manager).
     */
    private void refreshSummary(boolean redefined) {
        tasks.execute(BackgroundTask.of("Reading the state of " + definition.uuid(), progress -> {
            Optional<DomainSummary> now = connection.domains().byUuid(definition.uuid());
            try {
                return new Refreshed(now, now.isPresent() ? connection.domains().acceleration(definition.uuid())
                        : Optional.empty());
            } catch (VirtException e) {
                if (e.code() != ErrorCode.NO_DOMAIN) {
                    throw e;
                }
                // Undefined between the two reads: the window closes as if the first had missed it.
                return new Refreshed(Optional.empty(), Optional.empty());
            }
        })
                .onSuccess(refreshed -> {
                    Optional<DomainSummary> found = refreshed.summary();
                    if (found.isPresent()) {
                        overview().showAcceleration(refreshed.acceleration());
                        summary.set(found.get());
                        if (redefined && !pending.get() && !busy.get()) {
                            load();
                        }
                    } else if (!customizing.get()) {
                        closed.set(true);
                    }
                }));
    }

    /** The terminal's screen; the console view draws it. */
    public TerminalBuffer terminalBuffer() {
        return terminalBuffer;
    }

    /** The open console session, or null while the console area shows a message instead. */
    public ReadOnlyObjectProperty<TerminalSession> terminalProperty() {
        return terminal.getReadOnlyProperty();
    }

    /** Grows whenever the guest wrote to the terminal, for the view to redraw. */
    public javafx.beans.property.ReadOnlyIntegerProperty terminalVersionProperty() {
        return terminalVersion.getReadOnlyProperty();
    }

    /** The graphical console: its session, keys, clipboard typing and screenshots. */
    public GraphicsConsoleViewModel graphics() {
        return graphics;
    }

    /** View ▸ Scale Display, the same choice as Preferences ▸ Console, remembered with the settings. */
    public ObjectProperty<org.virtfx.app.settings.ConsoleScaling> consoleScalingProperty() {
        return preferences.consoleScalingProperty();
    }

    /** Take Screenshot's suggested file name, virt-manager's: {@code Screenshot_NAME_YYYY-MM-DD-HH:MM:SS.png}. */
    public String screenshotFileName(java.time.LocalDateTime now) {
        String name = summary.get() == null ? "domain" : summary.get().name();
        return "Screenshot_" + name + "_" + now.format(java.time.format.DateTimeFormatter.ofPattern(
                "yyyy-MM-dd-HH:mm:ss")) + ".png";
    }

    /** Which console the Console mode shows, decided from the definition and the connection. */
    public ReadOnlyObjectProperty<ConsoleKind> consoleKindProperty() {
        return consoleKind.getReadOnlyProperty();
    }

    /**
     * Opens the console once it is shown and the domain runs: the graphical one when the domain
     * has a VNC display and the connection can reach it, the text one otherwise. A domain that
     * does not run, a driver without consoles and a stream that ends all leave a message in the
     * console area, as virt-manager does, never a dialog.
     */
    private void connectConsoleIfShown() {
        DomainSummary s = summary.get();
        if (mode.get() != Mode.CONSOLE) {
            return;
        }
        if (document == null) {
            connectAhead();
            return;
        }
        if (s == null) {
            return;
        }
        boolean graphical = connection.supports(Feature.GRAPHICS_CONSOLE) && document.devices("graphics").stream()
                .anyMatch(g -> g.attribute("type").orElse("").equals("vnc"));
        consoleKind.set(graphical ? ConsoleKind.GRAPHICS : ConsoleKind.TEXT);
        if (terminal.get() != null || consoleOpening || graphics.isActive()) {
            return;
        }
        if (!s.isActive()) {
            consoleOffered.set(false);
            consoleMessage.set(GUEST_NOT_RUNNING);
            return;
        }
        if (!preferences.consoleAutoconnectProperty().get() && !consoleAsked) {
            consoleMessage.set("Console autoconnect is off in Preferences");
            consoleOffered.set(true);
            return;
        }
        consoleOffered.set(false);
        if (graphical) {
            consoleMessage.set("Connecting to the graphical console…");
            graphics.connect();
            return;
        }
        consoleOpening = true;
        consoleMessage.set("Connecting to the text console…");
        tasks.execute(BackgroundTask.of("Opening the console of " + s.name(),
                progress -> connection.domains().openConsole(s.uuid()))
                .onSuccess(console -> {
                    TerminalSession session = new TerminalSession(console, terminalBuffer, ui,
                            () -> terminalVersion.set(terminalVersion.get() + 1), this::consoleEnded);
                    terminal.set(session);
                    session.start();
                })
                .onFailure(e -> consoleMessage.set(ConsoleAvailability.whyNone(document, e)))
                .onFinished(() -> consoleOpening = false));
    }

    /**
     * A window opened on its console, before its first load: the graphical session is opened
     * beside the load, so that the guest's screen is there by the time the window is drawn. The
     * handshake no longer waits for the window to be built and its definition read. Where the
     * domain turns out not to run or to have no VNC screen, the attempt fails without a word and
     * the console is decided again from what was read.
     */
    private void connectAhead() {
        if (connection.supports(Feature.GRAPHICS_CONSOLE) && preferences.consoleAutoconnectProperty().get()) {
            graphics.connectAhead(this::connectConsoleIfShown);
        }
    }

    /**
     * The graphical console closes when the domain stops (QEMU's VNC server goes with it) and
     * opens again when it starts, also when a restart leaves the state read in between unchanged.
     * Called on a driver thread.
     */
    private void consoleFollows(DomainEvent.Type type) {
        if (type == DomainEvent.Type.STOPPED) {
            ui.execute(graphics::disconnect);
        } else if (type == DomainEvent.Type.STARTED) {
            long startedAt = System.nanoTime();
            ui.execute(() -> {
                graphics.domainStarted(startedAt);
                connectConsoleIfShown();
            });
        }
    }

    /** A graphical session could not open or ended by itself: say why, and offer Connect while the domain runs. */
    private void graphicsEnded(String why) {
        DomainSummary s = summary.get();
        if (s == null || !s.isActive() || consoleKind.get() != ConsoleKind.GRAPHICS) {
            return;
        }
        consoleMessage.set(why);
        consoleOffered.set(true);
        consoleAsked = false;
    }

    private void consoleEnded(String why) {
        TerminalSession ended = terminal.get();
        terminal.set(null);
        if (ended != null) {
            ended.close();
        }
        consoleMessage.set(why);
    }

    @Override
    public void close() {
        events.close();
        graphics.close();
        TerminalSession open = terminal.get();
        if (open != null) {
            open.close();
        }
    }
}
