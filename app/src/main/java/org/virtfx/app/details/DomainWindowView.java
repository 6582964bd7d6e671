package org.virtfx.app.details;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuButton;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.virtfx.app.addhardware.AddHardwareView;
import org.virtfx.app.snapshots.SnapshotsView;
import org.virtfx.app.console.GraphicsConsoleView;
import org.virtfx.app.console.TerminalSession;
import org.virtfx.app.console.TerminalView;
import org.virtfx.app.ui.Icons;

/**
 * The VM window, "NAME on CONNECTION": a menu bar (see {@link DomainWindowMenus}), a toolbar
 * (Console, Details, Snapshots, Run, Pause, Shut Down ▸ and Fullscreen), then the console area, the hardware list with its page (Details and XML tabs,
 * Apply/Cancel, Add Hardware and Remove below the list) or the snapshots.
 */
public final class DomainWindowView {
    private final DomainWindowViewModel viewModel;
    private final int pollSeconds;
    private final Runnable viewManager;
    private final Map<DetailsPage, Node> forms = new HashMap<>();

    public DomainWindowView(DomainWindowViewModel viewModel, int pollSeconds) {
        this(viewModel, pollSeconds, null);
    }

    /** @param viewManager File ▸ View Manager brings the manager forward; null where there is none */
    public DomainWindowView(DomainWindowViewModel viewModel, int pollSeconds, Runnable viewManager) {
        this.viewModel = viewModel;
        this.pollSeconds = pollSeconds;
        this.viewManager = viewManager;
    }

    public Stage show(String styleSheet) {
        Stage stage = new Stage();
        showIn(stage, styleSheet);
        return stage;
    }

    /** Builds the window on {@code stage} (TestFX hands in its own) and starts polling statistics. */
    public void showIn(Stage stage, String styleSheet) {
        BorderPane root = new BorderPane();
        DomainWindowActions actions = new DomainWindowActions(viewModel);
        BooleanProperty fullscreen = new SimpleBooleanProperty();
        BooleanProperty toolbarShown = new SimpleBooleanProperty(true);
        ToolBar toolbar = toolbar(actions, fullscreen);
        toolbar.visibleProperty().bind(toolbarShown);
        toolbar.managedProperty().bind(toolbarShown);
        DomainWindowMenus menus = new DomainWindowMenus(viewModel, stage, actions);
        GraphicsConsoleView graphics = new GraphicsConsoleView(viewModel.graphics(), Bindings.createBooleanBinding(
                () -> viewModel.consoleScalingProperty().get().scales(fullscreen.get()),
                viewModel.consoleScalingProperty(), fullscreen));
        graphics.grabKeysIn(stage);
        VBox top = new VBox(menus.menuBar(viewManager, fullscreen, toolbarShown, graphics::resizeWindowToScreen),
                toolbar, installBar());
        // A fullscreen console is the guest's screen alone; a small toolbar over it leads back
        // (virt-manager's overlay). Details and Snapshots keep their menus when fullscreen.
        var consoleAlone = fullscreen.and(viewModel.modeProperty().isEqualTo(DomainWindowViewModel.Mode.CONSOLE));
        top.visibleProperty().bind(consoleAlone.not());
        top.managedProperty().bind(consoleAlone.not());
        root.setTop(top);
        // The stage leaves fullscreen on Escape by itself; the button and menu item follow it.
        fullscreen.addListener((obs, was, now) -> stage.setFullScreen(now));
        stage.fullScreenProperty().addListener((obs, was, now) -> fullscreen.set(now));
        Map<DomainWindowViewModel.Mode, Supplier<Node>> builders = Map.of(DomainWindowViewModel.Mode.DETAILS,
                this::details, DomainWindowViewModel.Mode.CONSOLE,
                () -> console(actions, graphics, fullscreenBar(menus, fullscreen)),
                DomainWindowViewModel.Mode.SNAPSHOTS, this::snapshots);
        // Only the page on show is in the scene. Each pulse walks every node of the scene for its
        // bounds, hidden ones too: the Details page's 300-odd nodes, walked at every blink of a
        // guest's cursor, were the largest part of what a still console cost. Each page is built
        // when first shown, as virt-manager builds its pages: a window opened on its console has
        // no Details or Snapshots page to build, style and lay out before the guest's screen shows.
        Map<DomainWindowViewModel.Mode, Node> pages = new EnumMap<>(DomainWindowViewModel.Mode.class);
        Function<DomainWindowViewModel.Mode, Node> page = mode -> pages.computeIfAbsent(mode,
                shown -> builders.get(shown).get());
        StackPane center = new StackPane(page.apply(viewModel.modeProperty().get()));
        viewModel.modeProperty().addListener((obs, was, now) -> center.getChildren().setAll(page.apply(now)));
        root.setCenter(center);
        stage.titleProperty().bind(viewModel.titleProperty());
        Scene scene = new Scene(root, 900, 620);
        scene.getStylesheets().add(styleSheet);
        stage.setScene(scene);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(work -> {
            Thread thread = new Thread(work, "virtfx-domain-stats");
            thread.setDaemon(true);
            return thread;
        });
        // A plain timer, not a Timeline: sampleStats only queues a task, which is thread-safe.
        timer.scheduleWithFixedDelay(viewModel::sampleStats, 0, pollSeconds, TimeUnit.SECONDS);
        stage.addEventHandler(javafx.stage.WindowEvent.WINDOW_HIDDEN, e -> {
            timer.shutdownNow();
            viewModel.close();
        });
        viewModel.closedProperty().addListener((obs, was, now) -> {
            if (now) {
                stage.close();
            }
        });
        stage.show();
    }

    private ToolBar toolbar(DomainWindowActions actions, BooleanProperty fullscreen) {
        ToggleGroup modes = new ToggleGroup();
        ToggleButton console = modeButton("Console", "mode-console", "icon-console", "Show the graphical console");
        ToggleButton details = modeButton("Details", "mode-details", "icon-details",
                "Show virtual hardware details");
        ToggleButton snapshots = modeButton("Snapshots", "mode-snapshots", "icon-snapshots", "Manage VM snapshots");
        Map<DomainWindowViewModel.Mode, ToggleButton> buttons = Map.of(DomainWindowViewModel.Mode.CONSOLE, console,
                DomainWindowViewModel.Mode.DETAILS, details, DomainWindowViewModel.Mode.SNAPSHOTS, snapshots);
        buttons.values().forEach(button -> button.setToggleGroup(modes));
        buttons.get(viewModel.modeProperty().get()).setSelected(true);
        modes.selectedToggleProperty().addListener((obs, was, now) -> {
            if (now == null) {
                was.setSelected(true);
            } else {
                buttons.forEach((mode, button) -> {
                    if (button == now) {
                        viewModel.modeProperty().set(mode);
                    }
                });
            }
        });
        viewModel.modeProperty().addListener((obs, was, now) -> buttons.get(now).setSelected(true));

        Button run = new Button("Run", Icons.icon("icon-run"));
        run.setId("run");
        run.setTooltip(new Tooltip("Power on the virtual machine"));
        run.setOnAction(e -> viewModel.run());
        Button pause = new Button("Pause", Icons.icon("icon-pause"));
        pause.setId("pause");
        pause.setTooltip(new Tooltip("Pause or resume the virtual machine"));
        pause.setOnAction(e -> viewModel.pauseOrResume());
        MenuButton shutdown = new MenuButton("Shut Down", Icons.icon("icon-shutdown"));
        shutdown.setId("shutdown");
        shutdown.getItems().addAll(actions.shutdownItems());
        run.disableProperty().bind(actions.runDisabled());
        pause.disableProperty().bind(actions.notActive());
        pause.textProperty().bind(actions.pauseText());
        shutdown.disableProperty().bind(actions.notActive());
        ToggleButton full = new ToggleButton(null, Icons.icon("icon-fullscreen"));
        full.setId("fullscreen");
        full.setTooltip(new Tooltip("Switch to fullscreen view"));
        full.selectedProperty().bindBidirectional(fullscreen);
        ToolBar bar = new ToolBar(console, details, snapshots, new Separator(Orientation.VERTICAL), run, pause,
                shutdown, spacer(), full);
        bar.getStyleClass().add("vm-toolbar");
        return bar;
    }

    private static ToggleButton modeButton(String text, String id, String icon, String tip) {
        ToggleButton button = new ToggleButton(text, Icons.icon(icon));
        button.setId(id);
        button.setTooltip(new Tooltip(tip));
        return button;
    }

    private Node installBar() {
        Label note = new Label("Customize the new virtual machine, then begin the installation.");
        Button begin = new Button("Begin Installation");
        begin.setId("begin-install");
        begin.setOnAction(e -> viewModel.beginInstall());
        Button cancel = new Button("Cancel Installation");
        cancel.setId("cancel-install");
        cancel.setOnAction(e -> viewModel.cancelInstall());
        HBox bar = new HBox(8, note, spacer(), begin, cancel);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6));
        bar.getStyleClass().add("install-bar");
        bar.visibleProperty().bind(viewModel.customizingProperty());
        bar.managedProperty().bind(viewModel.customizingProperty());
        return bar;
    }

    private Node fullscreenBar(DomainWindowMenus menus, BooleanProperty fullscreen) {
        Button leave = new Button("Leave Fullscreen", Icons.icon("icon-fullscreen"));
        leave.setId("fullscreen-leave");
        leave.setOnAction(e -> fullscreen.set(false));
        MenuButton keys = new MenuButton("Send Key");
        keys.setId("fullscreen-send-key");
        keys.getItems().addAll(menus.sendKeyItems());
        HBox bar = new HBox(6, leave, keys);
        bar.setId("fullscreen-toolbar");
        bar.getStyleClass().add("fullscreen-toolbar");
        bar.setPadding(new Insets(4));
        bar.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        bar.visibleProperty().bind(fullscreen);
        StackPane.setAlignment(bar, Pos.TOP_CENTER);
        return bar;
    }

    /**
     * The Console mode: the graphical console while its session is open, the text console while
     * one is, otherwise the reason in the middle (with Connect, or Run for a shut-off guest).
     */
    private Node console(DomainWindowActions actions, GraphicsConsoleView graphics, Node fullscreenBar) {
        graphics.visibleProperty().bind(viewModel.graphics().sessionProperty().isNotNull());
        Label message = new Label();
        message.setId("console-message");
        message.getStyleClass().add("console-message");
        message.setWrapText(true);
        message.textProperty().bind(viewModel.consoleMessageProperty());
        message.visibleProperty().bind(viewModel.terminalProperty().isNull()
                .and(viewModel.graphics().sessionProperty().isNull()));
        Button connect = new Button("Connect");
        connect.setId("console-connect");
        connect.setOnAction(e -> viewModel.connectConsole());
        connect.visibleProperty().bind(viewModel.consoleOfferedProperty().and(viewModel.terminalProperty().isNull()));
        Button run = new Button("Run", Icons.icon("icon-run"));
        run.setId("console-run");
        run.setOnAction(e -> viewModel.run());
        run.visibleProperty().bind(actions.shutOff());
        run.managedProperty().bind(run.visibleProperty());
        connect.managedProperty().bind(connect.visibleProperty());
        message.setTextAlignment(javafx.scene.text.TextAlignment.CENTER);
        VBox waiting = new VBox(12, message, connect, run);
        waiting.setAlignment(Pos.CENTER);
        waiting.setPadding(new Insets(24));
        waiting.visibleProperty().bind(message.visibleProperty());
        StackPane area = new StackPane(waiting, graphics, fullscreenBar);
        area.getStyleClass().add("console-area");
        // The text console is built with its first session: a graphical VM's window never needs
        // it, and its fonts and canvas were part of every first window's cost.
        TerminalView[] terminal = new TerminalView[1];
        Runnable attach = () -> {
            TerminalSession session = viewModel.terminalProperty().get();
            if (session == null && terminal[0] == null) {
                return;
            }
            if (terminal[0] == null) {
                terminal[0] = terminal();
                area.getChildren().add(1, terminal[0]);
            }
            terminal[0].attach(session);
            if (session != null) {
                terminal[0].requestFocus();
            }
        };
        viewModel.terminalProperty().addListener((obs, was, now) -> attach.run());
        attach.run();
        viewModel.terminalVersionProperty().addListener((obs, was, now) -> {
            if (terminal[0] != null) {
                terminal[0].refresh();
            }
        });
        area.visibleProperty().bind(viewModel.modeProperty().isEqualTo(DomainWindowViewModel.Mode.CONSOLE));
        return area;
    }

    private TerminalView terminal() {
        TerminalView terminal = new TerminalView(viewModel.terminalBuffer());
        terminal.setId("terminal");
        terminal.visibleProperty().bind(viewModel.terminalProperty().isNotNull());
        return terminal;
    }

    private Node snapshots() {
        SnapshotsView snapshots = new SnapshotsView(viewModel.snapshots());
        snapshots.visibleProperty().bind(viewModel.modeProperty().isEqualTo(DomainWindowViewModel.Mode.SNAPSHOTS));
        return snapshots;
    }

    private Node details() {
        ListView<HardwareItem> list = new ListView<>(viewModel.hardware());
        list.setId("hardware-list");
        list.getSelectionModel().selectedItemProperty().addListener((obs, was, now) -> {
            if (now != null) {
                viewModel.selectedProperty().set(now);
            }
        });
        viewModel.selectedProperty().addListener((obs, was, now) -> list.getSelectionModel().select(now));
        list.getSelectionModel().select(viewModel.selectedProperty().get());
        viewModel.hardware().addListener((ListChangeListener<HardwareItem>) c ->
                list.getSelectionModel().select(viewModel.selectedProperty().get()));
        Button add = new Button("Add Hardware");
        add.setId("add-hardware");
        add.setMaxWidth(Double.MAX_VALUE);
        add.setOnAction(e -> openAddHardware(list));
        add.disableProperty().bind(viewModel.busyProperty());
        Button remove = new Button("Remove");
        remove.setId("remove-hardware");
        remove.setMaxWidth(Double.MAX_VALUE);
        remove.disableProperty().bind(Bindings.createBooleanBinding(() -> viewModel.selectedProperty().get() == null
                || !viewModel.selectedProperty().get().kind().isDevice(), viewModel.selectedProperty()));
        remove.setOnAction(e -> viewModel.removeSelected());
        VBox left = new VBox(6, list, add, remove);
        VBox.setVgrow(list, Priority.ALWAYS);
        left.setPadding(new Insets(6));
        left.setMinWidth(180);

        ScrollPane form = new ScrollPane();
        form.setFitToWidth(true);
        // The window model may have loaded before this view was built: show its page as it is now.
        viewModel.pageProperty().addListener((obs, was, now) -> showPage(form, now));
        showPage(form, viewModel.pageProperty().get());
        Tab detailsTab = new Tab("Details", form);
        Tab xmlTab = new Tab("XML", xmlPane());
        TabPane tabs = new TabPane(detailsTab, xmlTab);
        tabs.setId("page-tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);

        Label afterShutdown = new Label();
        afterShutdown.setId("after-shutdown");
        afterShutdown.setWrapText(true);
        afterShutdown.textProperty().bind(viewModel.pageNoteProperty());
        afterShutdown.visibleProperty().bind(viewModel.pageNoteProperty().isNotEmpty());
        // On a row of its own: a driver's refusal can be long, and wraps there instead of pushing Apply away.
        afterShutdown.managedProperty().bind(afterShutdown.visibleProperty());
        afterShutdown.setPadding(new Insets(6, 6, 0, 6));
        Button cancel = new Button("Cancel");
        cancel.setId("cancel");
        cancel.setOnAction(e -> viewModel.cancel());
        Button apply = new Button("Apply");
        apply.setId("apply");
        apply.setDefaultButton(true);
        apply.setOnAction(e -> viewModel.apply());
        var pending = viewModel.pendingProperty();
        apply.disableProperty().bind(pending.not().or(viewModel.busyProperty()));
        cancel.disableProperty().bind(pending.not());
        HBox buttons = new HBox(8, spacer(), cancel, apply);
        buttons.setAlignment(Pos.CENTER_LEFT);
        buttons.setPadding(new Insets(6));
        BorderPane right = new BorderPane(tabs, null, null, new VBox(afterShutdown, buttons), null);
        SplitPane split = new SplitPane(left, right);
        split.setDividerPositions(0.24);
        split.visibleProperty().bind(viewModel.modeProperty().isEqualTo(DomainWindowViewModel.Mode.DETAILS));
        return split;
    }

    private void showPage(ScrollPane form, DetailsPage page) {
        form.setContent(page == null ? null : forms.computeIfAbsent(page, PageForms::form));
    }

    private Node xmlPane() {
        XmlTab tab = viewModel.xmlTab();
        Label banner = new Label("XML editing is disabled in 'Preferences'. Only enable it if you know what you are doing.");
        banner.setId("xml-readonly-banner");
        banner.setWrapText(true);
        banner.setPadding(new Insets(6));
        banner.visibleProperty().bind(tab.editableProperty().not());
        banner.managedProperty().bind(banner.visibleProperty());
        TextArea text = new TextArea();
        text.setId("xml-text");
        text.getStyleClass().add("xml-view");
        text.textProperty().bindBidirectional(tab.textProperty());
        text.editableProperty().bind(tab.editableProperty());
        ListView<String> problems = new ListView<>(tab.problems());
        problems.setId("xml-problems");
        problems.setPrefHeight(80);
        problems.visibleProperty().bind(Bindings.isNotEmpty(tab.problems()));
        problems.managedProperty().bind(problems.visibleProperty());
        VBox box = new VBox(banner, text, problems);
        VBox.setVgrow(text, Priority.ALWAYS);
        return box;
    }

    private void openAddHardware(Node owner) {
        viewModel.addHardware().ifPresent(add ->
                new AddHardwareView(add, viewModel::addHardware).show(owner.getScene().getWindow()));
    }

    private static Region spacer() {
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        return spacer;
    }
}
