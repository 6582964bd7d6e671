package org.virtfx.app.manager;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableSet;
import org.virtfx.app.clone.CloneViewModel;
import org.virtfx.app.delete.DeleteViewModel;
import org.virtfx.app.migrate.MigrateViewModel;
import org.virtfx.app.settings.ConfirmKind;
import org.virtfx.app.settings.Settings;
import org.virtfx.app.settings.SettingsStore;
import org.virtfx.app.settings.StoredConnection;
import org.virtfx.app.shutdown.ShutdownWatch;
import org.virtfx.app.ui.ConfirmAnswer;
import org.virtfx.app.ui.Confirmation;
import org.virtfx.app.ui.DialogService;
import org.virtfx.app.ui.ErrorText;
import org.virtfx.app.ui.UiChangeQueue;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.DriverChoice;
import org.virtfx.core.connect.DriverRegistry;
import org.virtfx.core.connect.Feature;
import org.virtfx.core.domain.DomainState;
import org.virtfx.core.domain.DomainStats;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.event.ConnectionClosedEvent;
import org.virtfx.core.event.DomainEvent;
import org.virtfx.core.task.BackgroundTask;
import org.virtfx.core.task.TaskExecutor;

/**
 * The state and actions of the manager window. Every driver call runs as a background task;
 * results and events come back through the {@link UiChangeQueue}, so all properties here change
 * on the UI thread. The view only binds to these properties and calls these methods.
 */
public final class ManagerViewModel {
    private static final Logger LOG = System.getLogger(ManagerViewModel.class.getName());

    private final DriverRegistry drivers;
    private final TaskExecutor tasks;
    private final UiChangeQueue ui;
    private final DialogService dialogs;
    private final ShutdownWatch shutdowns;
    private final SettingsStore store;
    private final DomainOpener opener;
    private final AutoconnectRetries retries;
    private final HeapGrowth heap;
    private Settings settings;

    private final ObservableList<ConnectionRow> connections = FXCollections.observableArrayList();
    private final ObservableList<DomainRow> selection = FXCollections.observableArrayList(
            row -> new Observable[] {row.stateProperty(), row.activityProperty()});
    private final StringProperty filterText = new SimpleStringProperty("");
    private final ObservableSet<StateFilter> stateFilters = FXCollections.observableSet();
    private final ObjectBinding<Predicate<DomainRow>> filter;
    private final StringProperty status = new SimpleStringProperty("");
    private final StringProperty bulkTitle = new SimpleStringProperty("");
    private final IntegerProperty bulkDone = new SimpleIntegerProperty();
    private final IntegerProperty bulkTotal = new SimpleIntegerProperty();
    private final Map<DomainAction, BooleanBinding> enabled = new java.util.EnumMap<>(DomainAction.class);
    private final BooleanBinding canOpen;
    private final BooleanBinding canClone;
    private final BooleanBinding canMigrate;

    /** Rows whose cells are on screen; written on the UI thread, read by the stats poller. */
    private final Set<DomainRow> visible = ConcurrentHashMap.newKeySet();
    private final Map<DomainRow, CpuSample> lastSamples = new ConcurrentHashMap<>();

    private record CpuSample(long cpuTimeNanos, long atNanos) {
    }

    private record CpuReading(DomainRow row, double percent) {
    }

    public ManagerViewModel(DriverRegistry drivers, TaskExecutor tasks, UiChangeQueue ui,
                            DialogService dialogs, SettingsStore store, Settings settings,
                            DomainOpener opener) {
        this(drivers, tasks, ui, dialogs, store, settings, opener, RetryTimer.daemon());
    }

    /** As above, with the timer autoconnect retries wait on. */
    public ManagerViewModel(DriverRegistry drivers, TaskExecutor tasks, UiChangeQueue ui,
                            DialogService dialogs, SettingsStore store, Settings settings,
                            DomainOpener opener, RetryTimer retryTimer) {
        this(drivers, tasks, ui, dialogs, store, settings, opener, retryTimer, new HeapGrowth());
    }

    /** As above, with what gives back the heap a connection's load grew. */
    ManagerViewModel(DriverRegistry drivers, TaskExecutor tasks, UiChangeQueue ui,
                     DialogService dialogs, SettingsStore store, Settings settings,
                     DomainOpener opener, RetryTimer retryTimer, HeapGrowth heap) {
        this.heap = heap;
        this.retries = new AutoconnectRetries(retryTimer, ui::post);
        this.drivers = drivers;
        this.tasks = tasks;
        this.ui = ui;
        this.dialogs = dialogs;
        this.shutdowns = new ShutdownWatch(tasks, dialogs);
        this.store = store;
        this.settings = settings;
        this.opener = opener;
        filter = Bindings.createObjectBinding(() -> {
            String text = filterText.get() == null ? "" : filterText.get().strip().toLowerCase(Locale.ROOT);
            Set<StateFilter> states = Set.copyOf(stateFilters);
            return row -> (states.isEmpty() || states.stream().anyMatch(f -> f.accepts(row.state())))
                    && (text.isEmpty() || row.lowerCaseName().contains(text));
        }, filterText, stateFilters);
        for (DomainAction action : DomainAction.values()) {
            enabled.put(action, Bindings.createBooleanBinding(
                    () -> selection.stream().anyMatch(r -> r.activityProperty().get().isEmpty()
                            && action.appliesTo(r.state()) && action.offeredBy(r.connectionRow().connection())),
                    selection));
        }
        canOpen = Bindings.isNotEmpty(selection);
        // As virt-manager: clone a VM that is shut off, one at a time; migrate one that runs
        // (live) or, as libvirt's offline migration allows, one that is shut off.
        canClone = single(s -> s == DomainState.SHUTOFF);
        canMigrate = single(s -> s == DomainState.RUNNING || s == DomainState.BLOCKED || s == DomainState.SHUTOFF);
        for (StoredConnection stored : settings.connections()) {
            connections.add(new ConnectionRow(stored.uri(), stored.autoconnect(), stored.driver()));
        }
    }

    // ---- state for the view ---------------------------------------------------------------

    public ObservableList<ConnectionRow> connections() {
        return connections;
    }

    /** The selected domains; the view keeps it in step with its selection. */
    public ObservableList<DomainRow> selection() {
        return selection;
    }

    public StringProperty filterTextProperty() {
        return filterText;
    }

    /** The checked states; a domain in any of them passes, and with none checked every domain does. */
    public ObservableSet<StateFilter> stateFilters() {
        return stateFilters;
    }

    /** Which domain rows the filter bar lets through. */
    public ObjectBinding<Predicate<DomainRow>> filterProperty() {
        return filter;
    }

    /** True when the action applies to at least one selected domain that is not busy. */
    public BooleanBinding enabledProperty(DomainAction action) {
        return enabled.get(action);
    }

    public BooleanBinding canOpenProperty() {
        return canOpen;
    }

    /** Exactly one domain is selected, it is shut off and nothing is being done to it. */
    public BooleanBinding canCloneProperty() {
        return canClone;
    }

    /** Exactly one domain is selected, it runs or is shut off, and nothing is being done to it. */
    public BooleanBinding canMigrateProperty() {
        return canMigrate;
    }

    private BooleanBinding single(Predicate<DomainState> state) {
        return Bindings.createBooleanBinding(() -> selection.size() == 1
                && selection.get(0).activityProperty().get().isEmpty() && state.test(selection.get(0).state()),
                selection);
    }

    /** The last note for the status bar. */
    public ReadOnlyStringProperty statusProperty() {
        return status;
    }

    /** The bulk operation under way ("Starting 50 domains"), with its counts. */
    public ReadOnlyStringProperty bulkTitleProperty() {
        return bulkTitle;
    }

    public ReadOnlyIntegerProperty bulkDoneProperty() {
        return bulkDone;
    }

    public ReadOnlyIntegerProperty bulkTotalProperty() {
        return bulkTotal;
    }

    /** Shows a note in the status bar. */
    public void note(String message) {
        status.set(message);
    }

    public Settings settings() {
        return settings;
    }

    /**
     * Applies a change to the settings (a preference) and stores them, keeping the connection
     * list this view model owns: Preferences hand their changes here rather than saving a copy.
     */
    public void updateSettings(java.util.function.UnaryOperator<Settings> change) {
        settings = change.apply(settings);
        saveSettings();
    }

    // ---- connections ----------------------------------------------------------------------

    /** Connects every remembered connection marked autoconnect. */
    public void autoconnect() {
        for (ConnectionRow row : List.copyOf(connections)) {
            if (row.autoconnectProperty().get() && row.status() == ConnectionStatus.DISCONNECTED) {
                connect(row);
            }
        }
    }

    /** Adds a connection as {@link #addConnection(String, boolean, Optional)} does, keeping a remembered driver choice. */
    public ConnectionRow addConnection(String uri, boolean autoconnect) {
        return addConnection(uri, autoconnect, Optional.empty());
    }

    /**
     * Adds a connection to the remembered list (or finds it there) and connects it, as
     * {@code --connect} and the Add Connection dialog do. A given driver choice replaces the
     * remembered one; without one a new connection is left to the automatic choice.
     */
    public ConnectionRow addConnection(String uri, boolean autoconnect, Optional<DriverChoice> driver) {
        ConnectionRow row = connections.stream().filter(c -> c.uri().equals(uri)).findFirst().orElse(null);
        if (row == null) {
            row = new ConnectionRow(uri, autoconnect, driver.orElse(DriverChoice.AUTO));
            connections.add(row);
        } else {
            row.autoconnectProperty().set(row.autoconnectProperty().get() || autoconnect);
            driver.ifPresent(row.driverProperty()::set);
        }
        settings = settings.withConnection(new StoredConnection(uri, row.autoconnectProperty().get(),
                row.driverProperty().get()));
        saveSettings();
        if (row.status() == ConnectionStatus.DISCONNECTED || row.status() == ConnectionStatus.FAILED) {
            connect(row);
        }
        return row;
    }

    /** Connects now; a pending autoconnect retry is dropped. */
    public void connect(ConnectionRow row) {
        connect(row, false);
    }

    /** A retry shows no error dialog: the row says it failed and when it tries again. */
    private void connect(ConnectionRow row, boolean retry) {
        retries.cancel(row);
        row.statusProperty().set(ConnectionStatus.CONNECTING);
        DriverChoice driver = row.driverProperty().get();
        tasks.execute(BackgroundTask.of("Connecting to " + row.uri(), progress -> {
            long heapBefore = heap.beforeLoad();
            Connection connection = drivers.open(row.uri(), driver);
            try {
                // Subscribe before listing, so no change between the two is missed.
                var subscription = connection.events().subscribe(event -> {
                    if (event instanceof DomainEvent domainEvent) {
                        ui.post(() -> row.apply(domainEvent));
                    } else if (event instanceof ConnectionClosedEvent closed) {
                        ui.post(() -> lost(row, connection, closed.reason()));
                    }
                });
                ui.post(() -> {
                    row.connected(connection, subscription);
                    retries.connected(row);
                });
                progress.update(0.5, "Listing domains");
                List<DomainSummary> domains = inNameOrder(connection.domains().list());
                Set<UUID> saved = managedSaves(connection, domains);
                ui.post(() -> {
                    row.listed(domains, saved);
                    // Once the rows and their tree items exist, so this collection moves them to the
                    // old generation instead of the next young one, on a key or a scroll (HeapGrowth).
                    // It stops every thread wherever it is called, so the FX thread loses no more here.
                    heap.afterLoad(heapBefore);
                });
                return domains.size();
            } catch (RuntimeException e) {
                connection.close();
                throw e;
            }
        }).onFailure(e -> {
            row.failed();
            retries.failed(row, () -> connect(row, true));
            if (!retry) {
                dialogs.showError("Unable to connect to " + row.uri(), e);
            } else {
                status.set("Unable to connect to " + row.title() + ": " + e.getMessage());
            }
        }));
    }

    /**
     * The domains in the order the Name column shows them. The manager's tree sorts its rows
     * itself, but rows that arrive in its order make each sort after a filter change nearly
     * linear (a merge of two ordered runs instead of a full merge sort): the rows a keystroke
     * brings back come in the order of this list. Sorted here, off the UI thread.
     */
    static List<DomainSummary> inNameOrder(List<DomainSummary> domains) {
        List<DomainSummary> sorted = new ArrayList<>(domains);
        sorted.sort(java.util.Comparator.comparing(DomainSummary::name, ManagerRow.NAME_ORDER));
        return sorted;
    }

    /** The shut-off domains with a managed save image; none on a connection without managed save. */
    private static Set<UUID> managedSaves(Connection connection, List<DomainSummary> domains) {
        Set<UUID> saved = new java.util.HashSet<>();
        if (!connection.supports(Feature.MANAGED_SAVE)) {
            return saved;
        }
        for (DomainSummary d : domains) {
            if (d.isActive() || !d.persistent()) {
                continue;
            }
            try {
                if (connection.domains().hasManagedSave(d.uuid())) {
                    saved.add(d.uuid());
                }
            } catch (VirtException e) {
                // Gone since the list: its undefine event removes the row.
                LOG.log(Level.DEBUG, "managed save of " + d.name() + " unknown", e);
            }
        }
        return saved;
    }

    /**
     * The connection's daemon went away or stopped answering: the row says so with the reason
     * and its domains go, as virt-manager clears a lost connection; Connect opens it again.
     */
    private void lost(ConnectionRow row, Connection closed, String reason) {
        row.domains().forEach(this::rowHidden);
        Connection closing = row.lost(closed, reason);
        if (closing != null) {
            status.set("Disconnected from " + row.title() + ": " + reason);
            tasks.execute(BackgroundTask.ofAction("Closing " + row.uri(), closing::close));
            retries.failed(row, () -> connect(row, true));
        }
    }

    public void disconnect(ConnectionRow row) {
        retries.cancel(row);
        row.domains().forEach(this::rowHidden);
        Connection closing = row.disconnected();
        if (closing != null) {
            tasks.execute(BackgroundTask.ofAction("Disconnecting " + row.uri(), closing::close));
        }
    }

    /** Disconnects and forgets a connection. */
    public void removeConnection(ConnectionRow row) {
        disconnect(row);
        retries.forget(row);
        connections.remove(row);
        settings = settings.withoutConnection(row.uri());
        saveSettings();
    }

    // ---- domain actions -------------------------------------------------------------------

    /** Runs the action on every selected domain it applies to, after asking if it must. */
    public void perform(DomainAction action) {
        List<DomainRow> targets = selection.stream()
                .filter(r -> r.activityProperty().get().isEmpty() && action.appliesTo(r.state())
                        && action.offeredBy(r.connectionRow().connection()))
                .toList();
        if (targets.isEmpty() || !confirmed(action, targets)) {
            return;
        }
        boolean bulk = targets.size() > 1;
        String what = action.activity().replace("…", "");
        if (bulk) {
            if (bulkTotal.get() == bulkDone.get()) {
                bulkDone.set(0);
                bulkTotal.set(0);
            }
            bulkTotal.set(bulkTotal.get() + targets.size());
            bulkTitle.set(what + " " + targets.size() + " domains");
        }
        List<String> failures = new ArrayList<>();
        int[] finished = {0};
        for (DomainRow row : targets) {
            Connection connection = row.connectionRow().connection();
            if (connection == null) {
                continue;
            }
            row.activityProperty().set(action.activity());
            tasks.execute(BackgroundTask.ofAction(action.label() + " " + row.name(),
                            () -> action.perform(connection.domains(), row))
                    .onSuccess(v -> {
                        if (action == DomainAction.SHUTDOWN) {
                            shutdowns.watch(connection.domains(), row.uuid(), row.name());
                        }
                    })
                    .onFailure(e -> {
                        failures.add(row.name() + ": " + ErrorText.message(e));
                        if (!bulk) {
                            dialogs.showError("Error: could not " + action.verb() + " '" + row.name() + "'", e);
                        }
                    })
                    .onFinished(() -> {
                        row.activityProperty().set("");
                        finished[0]++;
                        if (bulk) {
                            bulkDone.set(bulkDone.get() + 1);
                        }
                        if (finished[0] == targets.size()) {
                            ended(action, targets.size(), failures, bulk);
                        }
                    }));
        }
    }

    private void ended(DomainAction action, int count, List<String> failures, boolean bulk) {
        if (bulk && !failures.isEmpty()) {
            dialogs.showError("Could not " + action.verb() + " " + failures.size() + " of " + count + " domains",
                    new IllegalStateException(String.join("\n", failures)));
        }
        String noun = count == 1 ? "domain" : "domains";
        status.set(action.label() + ": " + (count - failures.size()) + " of " + count + " " + noun + " done"
                + (failures.isEmpty() ? "" : ", " + failures.size() + " failed"));
    }

    private boolean confirmed(DomainAction action, List<DomainRow> targets) {
        ConfirmKind kind = action.confirmKind();
        if (kind == null) {
            return true;
        }
        boolean several = targets.size() > 1;
        String object = several ? targets.size() + " virtual machines" : "'" + targets.get(0).name() + "'";
        return asked(kind, new Confirmation(action.label(),
                "Are you sure you want to " + action.verb() + " " + object + "?",
                action.explanation(several), true));
    }

    /**
     * Asks unless the preference for {@code kind} is off; "Don't ask me again" on a yes turns
     * the preference off, as virt-manager's Feedback toggles work.
     */
    private boolean asked(ConfirmKind kind, Confirmation question) {
        if (!settings.asks(kind)) {
            return true;
        }
        ConfirmAnswer answer = dialogs.confirm(question);
        if (answer.accepted() && answer.dontAskAgain()) {
            settings = settings.withConfirmation(kind, false);
            saveSettings();
        }
        return answer.accepted();
    }

    /** The Clone dialog's model for the selected domain, when it can be cloned. */
    public Optional<CloneViewModel> cloneSelected() {
        if (!canClone.get()) {
            return Optional.empty();
        }
        DomainRow row = selection.get(0);
        return Optional.of(new CloneViewModel(row.connectionRow().connection(), row.uuid(), tasks, dialogs,
                new SecureRandom()));
    }

    /** The Migrate dialog's model for the selected domain, offering every other connected connection. */
    public Optional<MigrateViewModel> migrateSelected() {
        if (!canMigrate.get()) {
            return Optional.empty();
        }
        DomainRow row = selection.get(0);
        ConnectionRow from = row.connectionRow();
        List<MigrateViewModel.Host> open = connections.stream()
                .filter(c -> c.status() == ConnectionStatus.CONNECTED)
                .map(c -> new MigrateViewModel.Host(c.title(), c.uri())).toList();
        return Optional.of(new MigrateViewModel(row.name(), row.uuid(), row.state() != DomainState.SHUTOFF,
                from.connection(), from.title(), MigrateViewModel.others(from.uri(), open), tasks, ui, dialogs));
    }

    /**
     * Delete: one domain gets the Delete dialog's model (storage and all); several are deleted
     * at once after one question, keeping their storage, and the result is empty.
     */
    public Optional<DeleteViewModel> deleteSelected() {
        List<DomainRow> idle = selection.stream().filter(r -> r.activityProperty().get().isEmpty()).toList();
        if (idle.size() == 1 && selection.size() == 1 && idle.get(0).connectionRow().connection() != null) {
            DomainRow row = idle.get(0);
            return Optional.of(new DeleteViewModel(row.connectionRow().connection(), row.uuid(), row.name(), tasks,
                    dialogs, question -> asked(ConfirmKind.DELETE, question)));
        }
        perform(DomainAction.DELETE);
        return Optional.empty();
    }

    /** Opens the window of each selected domain. */
    public void open() {
        List.copyOf(selection).forEach(opener::open);
    }

    private void saveSettings() {
        Settings snapshot = settings;
        tasks.execute(BackgroundTask.ofAction("Saving settings", () -> store.save(snapshot))
                .onFailure(e -> dialogs.showError("Could not save settings", e)));
    }

    // ---- statistics -----------------------------------------------------------------------

    /** A cell now shows this row: poll its statistics. */
    public void rowShown(DomainRow row) {
        visible.add(row);
    }

    /** No cell shows this row any more: stop polling it. */
    public void rowHidden(DomainRow row) {
        visible.remove(row);
        lastSamples.remove(row);
    }

    /** Rows whose statistics are being polled. */
    public int visibleRowCount() {
        return visible.size();
    }

    /**
     * Polls CPU time of the visible running guests and hands the readings to the UI in one
     * change. The stats timer calls it on its own thread (it calls the driver, so never on the
     * UI thread), one poll at a time. It is deliberately not a task: a refresh nobody asked for
     * would flash through the task list on every poll, and its three hand-overs (listed,
     * running, done) would each cost an idle window a frame. Does nothing when no visible
     * guest runs, so an idle manager costs nothing.
     */
    public void pollVisibleStats() {
        List<DomainRow> rows = visible.stream()
                .filter(r -> r.lastKnownState() == DomainState.RUNNING && r.connectionRow().connection() != null)
                .toList();
        if (rows.isEmpty()) {
            return;
        }
        List<CpuReading> readings = new ArrayList<>(rows.size());
        for (DomainRow row : rows) {
            Connection connection = row.connectionRow().connection();
            if (connection == null) {
                continue;
            }
            DomainStats stats;
            try {
                stats = connection.domains().stats(row.uuid());
            } catch (RuntimeException e) {
                // The domain went away between listing and polling; its event removes the row.
                LOG.log(Level.DEBUG, "stats of " + row.uuid() + " failed", e);
                continue;
            }
            long now = System.nanoTime();
            CpuSample previous = lastSamples.put(row, new CpuSample(stats.cpuTimeNanos(), now));
            if (previous != null && now > previous.atNanos() && stats.vcpus() > 0) {
                double share = (double) (stats.cpuTimeNanos() - previous.cpuTimeNanos())
                        / (now - previous.atNanos()) / stats.vcpus();
                readings.add(new CpuReading(row, Math.max(0, Math.min(100, share * 100))));
            }
        }
        if (!readings.isEmpty()) {
            ui.post(() -> readings.forEach(r -> r.row().pushCpu(r.percent())));
        }
    }
}
