package org.virtfx.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.virtfx.app.benchmode.BenchScenario;
import org.virtfx.app.console.ConsoleView;
import org.virtfx.app.details.DomainDetailsView;
import org.virtfx.app.details.DomainDetailsViewModel;
import org.virtfx.app.host.HostSummaryView;
import org.virtfx.app.instance.SingleInstance;
import org.virtfx.app.host.HostSummaryViewModel;
import org.virtfx.app.manager.ConnectionTitles;
import org.virtfx.app.manager.DomainRow;
import org.virtfx.app.manager.ManagerView;
import org.virtfx.app.manager.ManagerViewModel;
import org.virtfx.app.settings.Settings;
import org.virtfx.app.settings.SettingsStore;
import org.virtfx.app.settings.StoredConnection;
import org.virtfx.app.task.FxTaskExecutor;
import org.virtfx.app.ui.DialogService;
import org.virtfx.app.ui.FxDialogService;
import org.virtfx.app.ui.FxThread;
import org.virtfx.app.ui.UiChangeQueue;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.DriverRegistry;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.task.BackgroundTask;

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
    private final DriverRegistry drivers = DriverRegistry.discover();
    private final SettingsStore store = new SettingsStore(
            SettingsStore.defaultFile(System.getenv(), System.getProperty("user.home")));
    private final String styleSheet;
    private final Map<UUID, Stage> domainWindows = new HashMap<>();
    private Stage mainWindow;
    private final DialogService dialogs = new FxDialogService(this::owner, this::statusLine);
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
     *
     * @throws VirtException {@link ErrorCode#NO_SUPPORT} for {@code --show-domain-creator}: the
     *     New VM wizard does not exist yet, and an empty window would pretend it does
     */
    public static void launch(GuiOptions options) {
        if (options.showDomainCreator()) {
            throw new VirtException(ErrorCode.NO_SUPPORT,
                    "the New VM wizard (--show-domain-creator) is not available yet in this VirtFX version");
        }
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
        CompletableFuture<Void> toolkit = startToolkit();
        try {
            new DesktopApp(options).start(toolkit);
        } catch (RuntimeException | Error e) {
            // The toolkit's threads would otherwise keep the process alive with no window.
            toolkit.thenRun(Platform::exit);
            throw e;
        }
    }

    private static CompletableFuture<Void> startToolkit() {
        CompletableFuture<Void> started = new CompletableFuture<>();
        Thread starter = new Thread(() -> {
            try {
                Platform.startup(() -> started.complete(null));
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
                || options.showHostSummary();
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
            manager.addConnection(uri, false);
        }
        manager.autoconnect();
        awaitToolkit(toolkit);
        Platform.runLater(() -> {
            nameWindowClass();
            ManagerView view = new ManagerView(manager, tasks.runningTasks());
            mainWindow = new Stage();
            view.showIn(mainWindow);
            mainWindow.getScene().getStylesheets().add(styleSheet);
            mainWindow.setOnHidden(e -> Platform.exit());
            mainWindow.show();
            // What the connections posted meanwhile runs now, after the window: an error
            // dialog must have its owner, and must not hold the window back.
            fxThread.toolkitStarted();
            startStatsPolling(settings.pollIntervalSeconds());
            loaded.problem().ifPresent(p -> dialogs.showError("Your settings file could not be read", p));
            if (BenchScenario.requested()) {
                new BenchScenario(manager, view, tasks).start();
            }
            answerLaterStarts();
        });
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
                mainWindow.setIconified(false);
                mainWindow.toFront();
                mainWindow.requestFocus();
            }));
            mainWindow.addEventHandler(javafx.stage.WindowEvent.WINDOW_HIDDEN, e -> instance.close());
        } catch (IOException e) {
            // The manager works without it; a second start then opens a second manager.
            LOG.log(System.Logger.Level.WARNING, "cannot answer later starts at " + instanceSocket(), e);
        }
    }

    private static Path instanceSocket() {
        return SingleInstance.defaultSocket(System.getenv(), System.getProperty("user.home"));
    }

    private void startStatsPolling(int seconds) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(work -> {
            Thread thread = new Thread(work, "virtfx-stats-timer");
            thread.setDaemon(true);
            return thread;
        });
        // A plain timer, not a JavaFX Timeline: a running animation keeps the FX pulse at 60 Hz,
        // which would cost CPU even when nothing on screen changes.
        timer.scheduleWithFixedDelay(() -> {
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
        if (connection == null) {
            return;
        }
        Stage open = domainWindows.get(row.uuid());
        if (open != null) {
            open.toFront();
            return;
        }
        Stage stage = new DomainDetailsView(new DomainDetailsViewModel(connection, row.uuid(),
                row.connectionRow().title(), row.name(), tasks, dialogs)).show(styleSheet);
        domainWindows.put(row.uuid(), stage);
        stage.setOnHidden(e -> domainWindows.remove(row.uuid()));
    }

    /** --show-domain-editor, --show-domain-console, --show-host-summary: only that window. */
    private void openSingleWindow(Settings settings) {
        Optional<String> uri = options.connectUris().stream().findFirst()
                .or(() -> settings.connections().stream().map(StoredConnection::uri).findFirst());
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
            Connection connection = drivers.open(uri.get());
            try {
                return new Opened(connection, domain.map(d -> connection.domains().lookup(d)).orElse(null));
            } catch (RuntimeException e) {
                connection.close();
                throw e;
            }
        }).onSuccess(opened -> {
            Stage stage;
            if (options.showHostSummary()) {
                stage = new HostSummaryView(new HostSummaryViewModel(opened.connection(), tasks, dialogs), title)
                        .show(styleSheet);
            } else if (options.showDomainEditor().isPresent()) {
                stage = new DomainDetailsView(new DomainDetailsViewModel(opened.connection(), opened.domain().uuid(),
                        title, opened.domain().name(), tasks, dialogs)).show(styleSheet);
            } else {
                stage = new ConsoleView(opened.domain().name(), title, opened.connection().driverName())
                        .show(styleSheet);
            }
            mainWindow = stage;
            stage.setOnHidden(e -> Platform.exit());
        }).onFailure(e -> {
            dialogs.showError("Unable to open " + uri.get(), e);
            Platform.exit();
        }));
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
