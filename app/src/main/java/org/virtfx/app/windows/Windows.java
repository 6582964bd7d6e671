package org.virtfx.app.windows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.virtfx.app.details.DomainWindowView;
import org.virtfx.app.details.DomainWindowViewModel;
import org.virtfx.app.host.HostSummaryViewModel;
import org.virtfx.app.hostdetails.ConnectionDetailsView;
import org.virtfx.app.hostdetails.HostOverviewViewModel;
import org.virtfx.app.hostdetails.NetworksViewModel;
import org.virtfx.app.hostdetails.RememberedConnection;
import org.virtfx.app.hostdetails.StorageViewModel;
import org.virtfx.app.preferences.Preferences;
import org.virtfx.app.preferences.PreferencesView;
import org.virtfx.app.ui.DialogService;
import org.virtfx.app.ui.FxDialogService;
import org.virtfx.app.wizard.NewDomainView;
import org.virtfx.app.wizard.NewDomainViewModel;
import org.virtfx.app.wizard.WizardConnection;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.task.TaskExecutor;
import org.virtfx.core.xml.SchemaValidator;

/**
 * Opens the application's secondary windows, each at most once per object (a second request
 * brings the open one to the front): VM windows, the New VM wizard, Connection Details and
 * Preferences. Called on the UI thread.
 */
public final class Windows {
    private final TaskExecutor tasks;
    private final FxDialogService dialogs;
    private final Preferences preferences;
    private final SchemaValidator schema;
    private final String styleSheet;
    private final java.util.concurrent.Executor ui;
    private final Runnable viewManager;
    private final Map<UUID, Stage> domains = new HashMap<>();
    private final Map<Connection, Stage> connections = new HashMap<>();
    private Stage wizard;
    private Stage preferencesWindow;

    /**
     * @param dialogs the application's dialogs; each window asks and reports over itself
     * @param ui hands console output to the UI thread (the application's change queue)
     * @param viewManager brings the manager window forward (File ▸ View Manager); null without one
     */
    public Windows(TaskExecutor tasks, FxDialogService dialogs, Preferences preferences, SchemaValidator schema,
                   String styleSheet, java.util.concurrent.Executor ui, Runnable viewManager) {
        this.ui = ui;
        this.viewManager = viewManager;
        this.tasks = tasks;
        this.dialogs = dialogs;
        this.preferences = preferences;
        this.schema = schema;
        this.styleSheet = styleSheet;
    }

    public Preferences preferences() {
        return preferences;
    }

    /** The VM window of a domain, showing Details (or the console with {@code console} set). */
    public Stage openDomain(Connection connection, UUID uuid, String connectionTitle, boolean console) {
        Stage open = domains.get(uuid);
        if (open != null) {
            open.toFront();
            return open;
        }
        Stage stage = new Stage();
        DomainWindowViewModel vm = domainViewModel(stage, connection, uuid, connectionTitle);
        if (console) {
            vm.modeProperty().set(DomainWindowViewModel.Mode.CONSOLE);
        }
        return showDomain(stage, vm, uuid);
    }

    private DomainWindowViewModel domainViewModel(Stage stage, Connection connection, UUID uuid,
                                                  String connectionTitle) {
        return new DomainWindowViewModel(connection, uuid, connectionTitle, tasks, dialogs.ownedBy(() -> stage),
                preferences, schema, ui);
    }

    private Stage showDomain(Stage stage, DomainWindowViewModel vm, UUID uuid) {
        new DomainWindowView(vm, preferences.pollSecondsProperty().get(), viewManager).showIn(stage, styleSheet);
        domains.put(uuid, stage);
        stage.addEventHandler(javafx.stage.WindowEvent.WINDOW_HIDDEN, e -> domains.remove(uuid));
        return stage;
    }

    /** The New VM wizard; Finish opens the new domain's window (with Begin / Cancel when customising). */
    public Stage openNewDomain(List<WizardConnection> choices, Window owner) {
        if (wizard != null && wizard.isShowing()) {
            wizard.toFront();
            return wizard;
        }
        Stage[] self = new Stage[1];
        Consumer<NewDomainViewModel.Created> opened = created -> {
            Stage stage = new Stage();
            DomainWindowViewModel window = domainViewModel(stage, created.connection().connection(),
                    created.domain().uuid(), created.connection().title());
            if (created.customize()) {
                window.customizeBeforeInstall(uuid -> created.install().start(created.connection().connection(), uuid));
            } else {
                window.modeProperty().set(DomainWindowViewModel.Mode.CONSOLE);
            }
            showDomain(stage, window, created.domain().uuid());
            // Closed after the new window shows: a lone wizard (--show-domain-creator) must not
            // leave the application without windows in between.
            self[0].close();
        };
        NewDomainViewModel vm = new NewDomainViewModel(choices, tasks, dialogs.ownedBy(() -> self[0]), schema,
                preferences.newVmProperty().get(), opened);
        self[0] = new NewDomainView(vm).show(owner, styleSheet);
        wizard = self[0];
        return wizard;
    }

    /** "NAME - Connection Details"; {@code remembered} is what its Overview shows and saves. */
    public Stage openConnectionDetails(Connection connection, String connectionTitle, RememberedConnection remembered) {
        Stage open = connections.get(connection);
        if (open != null) {
            open.toFront();
            return open;
        }
        Stage stage = new Stage();
        DialogService own = dialogs.ownedBy(() -> stage);
        new ConnectionDetailsView(
                new HostOverviewViewModel(connection, tasks, new HostSummaryViewModel(connection, tasks, own),
                        remembered),
                new NetworksViewModel(connection, tasks, own, schema),
                new StorageViewModel(connection, tasks, own, schema), connectionTitle,
                preferences.pollSecondsProperty().get()).showIn(stage, styleSheet);
        connections.put(connection, stage);
        stage.addEventHandler(javafx.stage.WindowEvent.WINDOW_HIDDEN, e -> connections.remove(connection));
        return stage;
    }

    public Stage openPreferences(Window owner) {
        if (preferencesWindow != null && preferencesWindow.isShowing()) {
            preferencesWindow.toFront();
            return preferencesWindow;
        }
        preferencesWindow = new PreferencesView(preferences).show(owner, styleSheet);
        return preferencesWindow;
    }
}
