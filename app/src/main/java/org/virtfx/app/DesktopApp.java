package org.virtfx.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.virtfx.app.benchmode.BenchScenario;
import org.virtfx.app.checkmode.WindowTour;
import org.virtfx.app.credentials.CredentialDialog;
import org.virtfx.app.credentials.FxCredentialPrompt;
import org.virtfx.app.folders.UserFolders;
import org.virtfx.app.instance.SingleInstance;
import org.virtfx.app.hostdetails.RememberedConnection;
import org.virtfx.app.manager.ConnectionRow;
import org.virtfx.app.manager.ConnectionTitles;
import org.virtfx.app.manager.DomainRow;
import org.virtfx.app.manager.ManagerView;
import org.virtfx.app.manager.ManagerViewModel;
import org.virtfx.app.manager.ManagerWindows;
import org.virtfx.app.preferences.Preferences;
import org.virtfx.app.preferences.ThemeSheets;
import org.virtfx.app.settings.Settings;
import org.virtfx.app.settings.SettingsStore;
import org.virtfx.app.settings.StoredConnection;
import org.virtfx.app.tags.TagIndex;
import org.virtfx.app.task.FxTaskExecutor;
import org.virtfx.app.task.TaskNotifications;
import org.virtfx.app.ui.DialogService;
import org.virtfx.app.ui.FxDialogService;
import org.virtfx.app.ui.FxThread;
import org.virtfx.app.ui.GtkPulseTimer;
import org.virtfx.app.ui.UiChangeQueue;
import org.virtfx.app.windows.Windows;
import org.virtfx.app.wizard.WizardConnection;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.DriverChoice;
import org.virtfx.core.connect.DriverRegistry;
import org.virtfx.core.connect.GLibMainContext;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.task.BackgroundTask;
import org.virtfx.core.xml.SchemaValidator;

/**
 * Starts the desktop application: the manager window, or the one window a {@code --show-*}
 * option asks for. The class does not extend {@code Application}: JavaFX is on the class path,
 * not the module path, and {@link Platform#startup} works from there without the launcher
 * checks that {@code Application.launch} makes.
 */
public final class DesktopApp {
    /** Workers for driver calls; more would only queue behind each domain's job lock. */
    private static final int WORKERS = 4;
    private static final System.Logger LOG = System.getLogger(DesktopApp.class.getName());

    private final GuiOptions options;
    private final FxThread fxThread = new FxThread();
    private final UiChangeQueue ui = new UiChangeQueue(fxThread);
    private final FxTaskExecutor tasks = new FxTaskExecutor(FxTaskExecutor.workerPool(WORKERS), ui);
    /** Connections that need a password or passphrase ask with a dialog over the manager. */
    private final DriverRegistry drivers = DriverRegistry.discover(new FxCredentialPrompt(fxThread,
            viewModel -> new CredentialDialog(viewModel).showAndWait(owner())));
    private final SettingsStore store = new SettingsStore(SettingsStore.defaultFile(UserFolders.current()));
    private final String styleSheet;
    private Windows windows;
    private ScheduledExecutorService statsTimer;
    private java.util.concurrent.ScheduledFuture<?> statsPoll;
    private Stage mainWindow;
    private final FxDialogService dialogs = new FxDialogService(this::owner, this::statusLine);
    private ManagerViewModel manager;
    private SingleInstance instance;

    private DesktopApp(GuiOptions options) {
        this.options = options;
        var css = DesktopApp.class.getResource("/org/virtfx/resources/css/virtfx.css");
        if (css == null) {
            throw new IllegalStateException("virtfx.css is missing from the class path (module virtfx-resources)");
        }
        styleSheet = css.toExternalForm();
    }

    /**
     * Opens the GUI as the options say and returns; the JavaFX thread keeps the process alive
     * until the last window closes.
     */
    public static void launch(GuiOptions options) {
        if (options.debug()) {
            java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
            root.setLevel(java.util.logging.Level.FINE);
            for (var handler : root.getHandlers()) {
                handler.setLevel(java.util.logging.Level.FINE);
            }
        }
        boolean manager = !options.showDomainCreator() && options.showDomainEditor().isEmpty()
                && options.showDomainConsole().isEmpty() && !options.showHostSummary();
        if (manager && SingleInstance.handOver(instanceSocket(), options.connectUris())) {
            System.out.println("VirtFX is already running: its manager was brought to the front.");
            return;
        }
        // Starting the toolkit (native libraries, the display, the rendering pipeline) takes a
        // third of a second; it runs on its own thread while this one reads the settings, finds
        // the drivers and sets the first connections going.
        if (runsGtk()) {
            GLibMainContext.runByToolkit();
        }
        CompletableFuture<Void> toolkit = startToolkit();
        try {
            new DesktopApp(options).start(toolkit);
        } catch (RuntimeException | Error e) {
            // The toolkit's threads would otherwise keep the process alive with no window.
            toolkit.thenRun(Platform::exit);
            throw e;
        }
    }

    /**
     * Whether JavaFX runs on GTK here (Linux, no Monocle), whose loop runs GLib's default main
     * context on the FX thread: drivers must leave that context to it ({@link GLibMainContext}).
     */
    private static boolean runsGtk() {
        return System.getProperty("os.name", "").startsWith("Linux")
                && !"Monocle".equalsIgnoreCase(System.getProperty("glass.platform"));
    }

    private static CompletableFuture<Void> startToolkit() {
        CompletableFuture<Void> started = new CompletableFuture<>();
        Thread starter = new Thread(() -> {
            try {
                Platform.startup(() -> {
                    try {
                        // On GTK, JavaFX's pulse timer would wake an idle window 60 times a second.
                        GtkPulseTimer.install();
                    } catch (LinkageError e) {
                        // JavaFX on the module path keeps glass's Timer closed: keep its own timer.
                    }
                    started.complete(null);
                });
            } catch (RuntimeException | Error e) {
                started.completeExceptionally(e);
            }
        }, "virtfx-toolkit-start");
        // Not a daemon: the toolkit's threads inherit it, and the FX thread is what keeps the
        // process alive once the main thread returns.
        starter.start();
        return started;
    }

    /** Waits for the toolkit; its failure (no display, say) surfaces here as it would have on this thread. */
    private static void awaitToolkit(CompletableFuture<Void> toolkit) {
        try {
            toolkit.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw e;
        }
    }

    private void start(CompletableFuture<Void> toolkit) {
        SettingsStore.Loaded loaded = store.loadOrRecover();
        Settings settings = loaded.settings();
        boolean singleWindow = options.showDomainEditor().isPresent() || options.showDomainConsole().isPresent()
                || options.showHostSummary() || options.showDomainCreator();
        windows = new Windows(tasks, dialogs, preferences(settings, singleWindow), new SchemaValidator(), styleSheet,
                ui::post, singleWindow ? null : this::showManager);
        if (singleWindow) {
            awaitToolkit(toolkit);
            fxThread.toolkitStarted();
            Platform.runLater(() -> {
                loaded.problem().ifPresent(p -> dialogs.showError("Your settings file could not be read", p));
                openSingleWindow(settings);
            });
            return;
        }
        // The view model is prepared here while the toolkit starts, so connections open and list
        // meanwhile; once the window is up, only the FX thread touches it.
        manager = new ManagerViewModel(drivers, tasks, ui, dialogs, store, settings, this::openDomain);
        for (String uri : options.connectUris()) {
            manager.addConnection(uri, false, options.driver());
        }
        manager.autoconnect();
        awaitToolkit(toolkit);
        Platform.runLater(() -> {
            nameWindowClass();
            new ThemeSheets(styleSheet, windows.preferences().themeProperty()).install();
            ManagerView view = new ManagerView(manager, tasks.runningTasks(), managerWindows());
            mainWindow = new Stage();
            view.showIn(mainWindow);
            mainWindow.getScene().getStylesheets().add(styleSheet);
            mainWindow.setOnHidden(e -> exitAfterHidden());
            mainWindow.show();
            TaskNotifications.install(tasks.runningTasks(), this::owner);
            // What the connections posted meanwhile runs now, after the window: an error
            // dialog must have its owner, and must not hold the window back.
            fxThread.toolkitStarted();
            startStatsPolling(settings.pollIntervalSeconds());
            // Preferences ▸ Polling applies at once, as in virt-manager.
            windows.preferences().pollSecondsProperty().addListener((o, was, now) -> startStatsPolling(now.intValue()));
            loaded.problem().ifPresent(p -> dialogs.showError("Your settings file could not be read", p));
            if (BenchScenario.requested()) {
                new BenchScenario(manager, view, tasks).start();
            }
            if (WindowTour.requested()) {
                new WindowTour(mainWindow).start();
            }
            answerLaterStarts();
        });
    }

    /**
     * Ends the application once the window being hidden has finished hiding. A window fires
     * WINDOW_HIDDEN before it detaches its scene, and on GTK {@link Platform#exit} ends glass's
     * event loop at once: exiting from the handler itself left the window detaching its scene
     * with no event thread, which threw, and File ▸ Close (Ctrl+W) took the app down with a
     * stack trace. Work posted to the FX thread runs after the hide has returned.
     */
    private void exitAfterHidden() {
        fxThread.execute(Platform::exit);
    }

    /**
     * Names the windows' X11 class "virtfx", which the desktop file's StartupWMClass matches,
     * so docks group the windows under VirtFX's icon. JavaFX has no public API for it; its GTK
     * glass passes the glass application's name to gtk_window_set_wmclass, "java" by default.
     */
    private static void nameWindowClass() {
        com.sun.glass.ui.Application.GetApplication().setName("virtfx");
    }

    /** Later starts hand their connections to this manager and bring it to the front. */
    private void answerLaterStarts() {
        try {
            instance = SingleInstance.listen(instanceSocket(), uris -> Platform.runLater(() -> {
                uris.forEach(uri -> manager.addConnection(uri, false));
                showManager();
            }));
            mainWindow.addEventHandler(javafx.stage.WindowEvent.WINDOW_HIDDEN, e -> instance.close());
        } catch (IOException e) {
            // The manager works without it; a second start then opens a second manager.
            LOG.log(System.Logger.Level.WARNING, "cannot answer later starts at " + instanceSocket(), e);
        }
    }

    private static Path instanceSocket() {
        return SingleInstance.defaultSocket(UserFolders.current());
    }

    /** Polls the visible guests' statistics every {@code seconds}, replacing an earlier interval. */
    private void startStatsPolling(int seconds) {
        if (statsTimer == null) {
            statsTimer = Executors.newSingleThreadScheduledExecutor(work -> {
                Thread thread = new Thread(work, "virtfx-stats-timer");
                thread.setDaemon(true);
                return thread;
            });
        }
        if (statsPoll != null) {
            statsPoll.cancel(false);
        }
        // A plain timer, not a JavaFX Timeline: a running animation keeps the FX pulse at 60 Hz,
        // which would cost CPU even when nothing on screen changes.
        statsPoll = statsTimer.scheduleWithFixedDelay(() -> {
            try {
                manager.pollVisibleStats();
            } catch (RuntimeException e) {
                // A scheduled executor silently stops repeating a job that throws once.
                LOG.log(System.Logger.Level.WARNING, "polling guest statistics failed", e);
            }
        }, seconds, seconds, TimeUnit.SECONDS);
    }

    private void openDomain(DomainRow row) {
        Connection connection = row.connectionRow().connection();
        if (connection != null) {
            windows.openDomain(connection, row.uuid(), row.connectionRow().title(), false);
        }
    }

    /**
     * The live preferences. With the manager, changes go through it, since it also stores the
     * connection list; a lone --show-* window stores them itself, re-reading the file first.
     */
    private Preferences preferences(Settings settings, boolean singleWindow) {
        return new Preferences(settings, change -> changeSettings(change, singleWindow));
    }

    private void changeSettings(java.util.function.UnaryOperator<Settings> change, boolean singleWindow) {
        if (!singleWindow && manager != null) {
            manager.updateSettings(change);
            return;
        }
        tasks.execute(BackgroundTask.ofAction("Saving settings", () -> store.save(change.apply(store.load())))
                .onFailure(e -> dialogs.showError("Could not save settings", e)));
    }

    /** Connection Details' Autoconnect for a manager row: the row follows, and the settings keep it. */
    private RememberedConnection remembered(ConnectionRow row) {
        return new RememberedConnection(row.title(), row.autoconnectProperty().get(), value -> {
            row.autoconnectProperty().set(value);
            changeSettings(s -> s.withConnection(new StoredConnection(row.uri(), value)), false);
        });
    }

    /** What the manager opens besides domain windows; tags follow each connection as it connects. */
    private ManagerWindows managerWindows() {
        TagIndex tags = new TagIndex(tasks);
        java.util.function.Consumer<ConnectionRow> follow = row -> {
            if (row.connection() != null) {
                tags.follow(row.connection());
            }
        };
        manager.connections().forEach(follow);
        // A connection opens in the background; its row's status says when it has.
        javafx.beans.InvalidationListener any = o -> manager.connections().forEach(follow);
        manager.connections().forEach(c -> c.statusProperty().addListener(any));
        manager.connections().addListener((javafx.collections.ListChangeListener<ConnectionRow>) c -> {
            while (c.next()) {
                c.getAddedSubList().forEach(row -> row.statusProperty().addListener(any));
                c.getRemoved().forEach(row -> {
                    if (row.connection() != null) {
                        tags.forget(row.connection());
                    }
                });
            }
        });
        return new ManagerWindows() {
            @Override
            public void newDomain(List<ConnectionRow> connections) {
                windows.openNewDomain(connections.stream().filter(c -> c.connection() != null)
                        .map(c -> new WizardConnection(c.title(), c.connection())).toList(), mainWindow);
            }

            @Override
            public void connectionDetails(ConnectionRow connection) {
                if (connection.connection() != null) {
                    windows.openConnectionDetails(connection.connection(), connection.title(), remembered(connection));
                }
            }

            @Override
            public void preferences() {
                windows.openPreferences(mainWindow);
            }

            @Override
            public TagIndex tags() {
                return tags;
            }
        };
    }

    /** --show-domain-editor, --show-domain-console, --show-host-summary, --show-domain-creator: only that window. */
    private void openSingleWindow(Settings settings) {
        Optional<String> uri = options.connectUris().stream().findFirst()
                .or(() -> settings.connections().stream().map(StoredConnection::uri).findFirst());
        // --driver wins; else the saved connection's own choice, as the manager would use it.
        DriverChoice driver = options.driver().orElseGet(() -> settings.connections().stream()
                .filter(c -> uri.isPresent() && c.uri().equals(uri.get())).map(StoredConnection::driver).findFirst()
                .orElse(DriverChoice.AUTO));
        if (uri.isEmpty()) {
            dialogs.showError("No connection to show", new VirtException(ErrorCode.INVALID_ARG,
                    "use --connect URI to say which connection the window is for"));
            Platform.exit();
            return;
        }
        Optional<String> domain = options.showDomainEditor().or(options::showDomainConsole);
        String title = ConnectionTitles.title(uri.get());
        record Opened(Connection connection, DomainSummary domain) {
        }
        tasks.execute(BackgroundTask.of("Connecting to " + uri.get(), progress -> {
            Connection connection = drivers.open(uri.get(), driver);
            try {
                return new Opened(connection, domain.map(d -> connection.domains().lookup(d)).orElse(null));
            } catch (RuntimeException e) {
                connection.close();
                throw e;
            }
        }).onSuccess(opened -> {
            new ThemeSheets(styleSheet, windows.preferences().themeProperty()).install();
            Stage stage;
            if (options.showHostSummary()) {
                boolean autoconnect = settings.connections().stream()
                        .anyMatch(c -> c.uri().equals(uri.get()) && c.autoconnect());
                stage = windows.openConnectionDetails(opened.connection(), title, new RememberedConnection(title,
                        autoconnect, value -> changeSettings(s -> s.withConnection(
                                new StoredConnection(uri.get(), value)), true)));
            } else if (options.showDomainCreator()) {
                // Finish opens the new domain's window; the process ends when the last window closes.
                stage = windows.openNewDomain(List.of(new WizardConnection(title, opened.connection())), null);
            } else {
                stage = windows.openDomain(opened.connection(), opened.domain().uuid(), title,
                        options.showDomainEditor().isEmpty());
            }
            mainWindow = stage;
            TaskNotifications.install(tasks.runningTasks(), this::owner);
            if (!options.showDomainCreator()) {
                stage.addEventHandler(javafx.stage.WindowEvent.WINDOW_HIDDEN, e -> exitAfterHidden());
            }
        }).onFailure(e -> {
            dialogs.showError("Unable to open " + uri.get(), e);
            Platform.exit();
        }));
    }

    /** File ▸ View Manager in a VM window, and a later start of VirtFX. */
    private void showManager() {
        mainWindow.setIconified(false);
        mainWindow.toFront();
        mainWindow.requestFocus();
    }

    private Window owner() {
        return mainWindow;
    }

    private void statusLine(String message) {
        if (manager != null) {
            manager.note(message);
        }
    }
}
