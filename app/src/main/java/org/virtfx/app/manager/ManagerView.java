package org.virtfx.app.manager;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.ObjectBinding;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitMenuButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableRow;
import javafx.scene.control.TreeTableView;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Popup;
import javafx.stage.Stage;
import org.controlsfx.control.CheckComboBox;
import org.controlsfx.control.textfield.TextFields;
import org.virtfx.app.addconnection.AddConnectionView;
import org.virtfx.app.addconnection.AddConnectionViewModel;
import org.virtfx.app.clone.CloneDialog;
import org.virtfx.app.delete.DeleteDialog;
import org.virtfx.app.help.HelpMenu;
import org.virtfx.app.migrate.MigrateDialog;
import org.virtfx.app.tags.TagFilter;
import org.virtfx.app.tags.TagGroupsView;
import org.virtfx.app.task.RunningTask;
import org.virtfx.app.task.TaskListView;

/**
 * The manager window's nodes: menu bar, toolbar, filter bar, the connection/domain tree and a
 * status bar with bulk progress and the running tasks. Everything here binds to the
 * {@link ManagerViewModel}; nothing calls a driver.
 */
public final class ManagerView {
    private final ManagerViewModel viewModel;
    private final ObservableList<RunningTask> tasks;
    private final TreeTableView<ManagerRow> table = new TreeTableView<>();
    private final TreeItem<ManagerRow> root = new TreeItem<>();
    private final Map<ConnectionRow, ConnectionBranch> branches = new HashMap<>();
    private final BorderPane pane = new BorderPane();
    private Stage stage;
    private Popup taskPopup;
    private final ManagerWindows windows;
    private final TagFilter tagFilter;
    private final ObjectBinding<Predicate<DomainRow>> shownRows;

    public ManagerView(ManagerViewModel viewModel, ObservableList<RunningTask> tasks) {
        this(viewModel, tasks, null);
    }

    /** @param windows the wizard, Connection Details, Preferences and tags; null leaves their menus out */
    public ManagerView(ManagerViewModel viewModel, ObservableList<RunningTask> tasks, ManagerWindows windows) {
        this.viewModel = viewModel;
        this.tasks = tasks;
        this.windows = windows;
        this.tagFilter = windows == null ? null : new TagFilter(windows.tags());
        // The filter bar's name and state filter, and the tag filter when there are tags.
        shownRows = tagFilter == null ? viewModel.filterProperty() : Bindings.createObjectBinding(() -> {
            Predicate<DomainRow> byBar = viewModel.filterProperty().get();
            Predicate<java.util.UUID> byTag = tagFilter.predicateProperty().get();
            return row -> byBar.test(row) && byTag.test(row.uuid());
        }, viewModel.filterProperty(), tagFilter.predicateProperty());
        buildTable();
        VBox top = new VBox(menuBar(), toolBar(), filterBar());
        pane.setTop(top);
        pane.setCenter(table);
        pane.setBottom(statusBar());
    }

    public Parent root() {
        return pane;
    }

    /** The tree, for the window's owner code and for tests and the benchmark to drive. */
    public TreeTableView<ManagerRow> table() {
        return table;
    }

    /** Puts the view in a window, titled as virt-manager's. */
    public void showIn(Stage window) {
        this.stage = window;
        window.setTitle("Virtual Machine Manager");
        window.setScene(new javafx.scene.Scene(pane, 800, 520));
        // Focus the list, not the filter field: a focused text field blinks its caret with an
        // animation, which keeps JavaFX pulsing at 60 Hz and costs CPU while the app is idle.
        window.addEventHandler(javafx.stage.WindowEvent.WINDOW_SHOWN, e -> table.requestFocus());
    }

    // ---- tree -----------------------------------------------------------------------------

    private void buildTable() {
        table.setId("domains");
        table.setRoot(root);
        table.setShowRoot(false);
        table.setFixedCellSize(40);
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.setPlaceholder(new Label("No connections. Use File ▸ Add Connection…"));
        table.setColumnResizePolicy(TreeTableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);

        TreeTableColumn<ManagerRow, ManagerRow> name = new TreeTableColumn<>("Name");
        // The tree item's own value property: sorting reads the cell value of both rows of every
        // comparison, some 130,000 times when a keystroke brings back 10,000 rows, and made a
        // new wrapper for each.
        name.setCellValueFactory(c -> c.getValue().valueProperty());
        name.setCellFactory(c -> new NameCell());
        name.setComparator((a, b) -> ManagerRow.NAME_ORDER.compare(a.sortKey(), b.sortKey()));
        name.setPrefWidth(560);
        TreeTableColumn<ManagerRow, ManagerRow> cpu = new TreeTableColumn<>("CPU usage");
        cpu.setCellValueFactory(c -> c.getValue().valueProperty());
        cpu.setCellFactory(c -> new SparklineCell(viewModel));
        cpu.setSortable(false);
        cpu.setPrefWidth(130);
        cpu.setMinWidth(124);
        table.getColumns().setAll(List.of(name, cpu));
        table.getSortOrder().add(name);

        viewModel.connections().forEach(this::addBranch);
        viewModel.connections().addListener((ListChangeListener<ConnectionRow>) change -> {
            while (change.next()) {
                change.getRemoved().forEach(this::removeBranch);
                change.getAddedSubList().forEach(this::addBranch);
            }
        });
        table.getSelectionModel().getSelectedItems().addListener((ListChangeListener<TreeItem<ManagerRow>>) c ->
                viewModel.selection().setAll(table.getSelectionModel().getSelectedItems().stream()
                        .filter(item -> item != null && item.getValue() instanceof DomainRow)
                        .map(item -> (DomainRow) item.getValue()).toList()));
        table.setRowFactory(view -> {
            TreeTableRow<ManagerRow> row = new TreeTableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && row.getItem() != null) {
                    if (row.getItem() instanceof DomainRow) {
                        viewModel.open();
                    } else if (row.getItem() instanceof ConnectionRow c && c.status() != ConnectionStatus.CONNECTED) {
                        viewModel.connect(c);
                    }
                }
            });
            return row;
        });
        // Never empty: ContextMenu.show ignores a menu without items, so it would never reach
        // the showing event that fills it in for the row the click selected.
        ContextMenu menu = new ContextMenu();
        menu.getItems().setAll(contextItems());
        menu.setOnShowing(e -> menu.getItems().setAll(contextItems()));
        table.setContextMenu(menu);
    }

    private void addBranch(ConnectionRow connection) {
        ConnectionBranch branch = new ConnectionBranch(connection);
        branches.put(connection, branch);
        root.getChildren().add(branch.item);
    }

    private void removeBranch(ConnectionRow connection) {
        ConnectionBranch branch = branches.remove(connection);
        if (branch != null) {
            branch.shown.predicateProperty().unbind();
            root.getChildren().remove(branch.item);
        }
    }

    /**
     * Keeps one connection's tree children in step with its filtered domains: rows that leave
     * or join are removed or added one by one, so the selection of the others survives, and a
     * join re-sorts by the Name column.
     */
    private final class ConnectionBranch {
        final TreeItem<ManagerRow> item;
        final FilteredList<DomainRow> shown;
        final Map<DomainRow, TreeItem<ManagerRow>> items = new HashMap<>();

        ConnectionBranch(ConnectionRow connection) {
            item = new TreeItem<>(connection);
            item.setExpanded(true);
            shown = new FilteredList<>(connection.domains());
            shown.predicateProperty().bind(shownRows);
            // The connection may have listed its domains before the window was built.
            if (add(shown) && !table.getSortOrder().isEmpty()) {
                table.sort();
            }
            shown.addListener((ListChangeListener<DomainRow>) change -> {
                List<DomainRow> left = new java.util.ArrayList<>();
                List<DomainRow> joined = new java.util.ArrayList<>();
                while (change.next()) {
                    left.addAll(change.getRemoved());
                    joined.addAll(change.getAddedSubList());
                }
                // A row both removed and re-added in one change (a permutation or replace)
                // keeps its tree item, and with it its selection. Looked up in a set of the
                // change's own rows: asking the filtered list (a scan of it) for each of the
                // thousands of rows one keystroke of the filter hides was quadratic.
                Set<DomainRow> stayed = new HashSet<>(joined);
                Set<TreeItem<ManagerRow>> removed = new HashSet<>();
                for (DomainRow row : left) {
                    TreeItem<ManagerRow> gone = stayed.contains(row) ? null : items.remove(row);
                    if (gone != null) {
                        removed.add(gone);
                    }
                }
                if (!removed.isEmpty()) {
                    item.getChildren().removeAll(removed);
                }
                if (add(joined) && !table.getSortOrder().isEmpty()) {
                    table.sort();
                }
            });
        }

        private boolean add(List<? extends DomainRow> rows) {
            List<TreeItem<ManagerRow>> fresh = new java.util.ArrayList<>();
            for (DomainRow row : rows) {
                if (!items.containsKey(row)) {
                    TreeItem<ManagerRow> child = new TreeItem<>(row);
                    items.put(row, child);
                    fresh.add(child);
                }
            }
            item.getChildren().addAll(fresh);
            return !fresh.isEmpty();
        }
    }

    // ---- menus and toolbar ----------------------------------------------------------------

    private MenuBar menuBar() {
        MenuItem addConnection = new MenuItem("Add Connection…");
        addConnection.setOnAction(e -> addConnection());
        MenuItem close = new MenuItem("Close");
        close.setAccelerator(KeyCombination.keyCombination("Shortcut+W"));
        close.setOnAction(e -> stage.close());
        MenuItem quit = new MenuItem("Quit");
        quit.setAccelerator(KeyCombination.keyCombination("Shortcut+Q"));
        quit.setOnAction(e -> Platform.exit());
        Menu file = new Menu("File", null, addConnection, new SeparatorMenuItem(), close, quit);
        if (windows != null) {
            MenuItem newDomain = new MenuItem("New Virtual Machine");
            newDomain.setId("menu-new-domain");
            newDomain.setOnAction(e -> newDomain());
            file.getItems().add(1, newDomain);
        }

        MenuItem open = actionItem("Virtual Machine Details", null);
        open.setOnAction(e -> viewModel.open());
        open.disableProperty().bind(viewModel.canOpenProperty().not());
        Menu edit = new Menu("Edit", null, open, new SeparatorMenuItem(), deleteItem("Delete"));
        if (windows != null) {
            MenuItem details = new MenuItem("Connection Details");
            details.setId("menu-connection-details");
            details.setOnAction(e -> focusedConnection().ifPresent(windows::connectionDetails));
            MenuItem preferences = new MenuItem("Preferences");
            preferences.setId("menu-preferences");
            preferences.setOnAction(e -> windows.preferences());
            edit.getItems().add(0, details);
            edit.getItems().addAll(new SeparatorMenuItem(), preferences);
        }

        CheckMenuItem cpuGraph = new CheckMenuItem("Guest CPU usage");
        cpuGraph.setSelected(true);
        table.getColumns().get(1).visibleProperty().bindBidirectional(cpuGraph.selectedProperty());
        CheckMenuItem filterBar = new CheckMenuItem("Filter bar");
        filterBar.setSelected(true);
        filterBar.setId("view-filter-bar");
        Menu view = new Menu("View", null, new Menu("Graph", null, cpuGraph), filterBar);
        if (windows != null) {
            CheckMenuItem groupByTag = new CheckMenuItem("Group by Tag");
            groupByTag.setId("view-group-by-tag");
            groupByTag.setOnAction(e -> pane.setLeft(groupByTag.isSelected() ? tagGroups().node() : null));
            view.getItems().add(groupByTag);
        }
        view.setOnShowing(e -> filterBar.setSelected(((VBox) pane.getTop()).getChildren().size() > 2));
        filterBar.setOnAction(e -> toggleFilterBar(filterBar.isSelected()));

        return new MenuBar(file, edit, view, new HelpMenu(stage).menu());
    }

    private Node filterBarNode;

    private void toggleFilterBar(boolean show) {
        VBox top = (VBox) pane.getTop();
        if (show && !top.getChildren().contains(filterBarNode)) {
            top.getChildren().add(filterBarNode);
        } else if (!show) {
            top.getChildren().remove(filterBarNode);
            viewModel.filterTextProperty().set("");
            viewModel.stateFilters().clear();
            if (tagFilter != null) {
                tagFilter.tags().clear();
            }
        }
    }

    /** New VM on the selected connection, else on every connected one. */
    private void newDomain() {
        List<ConnectionRow> connected = viewModel.connections().stream()
                .filter(c -> c.status() == ConnectionStatus.CONNECTED).toList();
        Optional<ConnectionRow> focused = focusedConnection().filter(connected::contains);
        windows.newDomain(focused.map(f -> {
            List<ConnectionRow> ordered = new java.util.ArrayList<>(connected);
            ordered.remove(f);
            ordered.add(0, f);
            return (List<ConnectionRow>) ordered;
        }).orElse(connected));
    }

    /** The selected connection, or the selected domain's, or the only one there is. */
    private Optional<ConnectionRow> focusedConnection() {
        TreeItem<ManagerRow> focused = table.getSelectionModel().getSelectedItem();
        if (focused != null && focused.getValue() instanceof ConnectionRow c) {
            return Optional.of(c);
        }
        if (focused != null && focused.getValue() instanceof DomainRow d) {
            return Optional.of(d.connectionRow());
        }
        return viewModel.connections().size() == 1 ? Optional.of(viewModel.connections().get(0)) : Optional.empty();
    }

    private TagGroupsView<DomainRow> tagGroups;

    private TagGroupsView<DomainRow> tagGroups() {
        windows.tags().activate();
        if (tagGroups == null) {
            tagGroups = new TagGroupsView<>(windows.tags(), () -> viewModel.connections().stream()
                    .flatMap(c -> c.domains().stream()).toList(), DomainRow::uuid, row -> {
                        viewModel.selection().setAll(row);
                        viewModel.open();
                    });
        }
        tagGroups.refresh();
        return tagGroups;
    }

    private MenuItem actionItem(String text, DomainAction action) {
        MenuItem item = new MenuItem(text);
        if (action != null) {
            item.setOnAction(e -> viewModel.perform(action));
            item.disableProperty().bind(viewModel.enabledProperty(action).not());
        }
        return item;
    }

    private MenuItem cloneItem() {
        MenuItem clone = new MenuItem("Clone…");
        clone.setId("menu-clone");
        clone.setOnAction(e -> viewModel.cloneSelected().ifPresent(vm -> CloneDialog.show(stage, vm)));
        clone.disableProperty().bind(viewModel.canCloneProperty().not());
        return clone;
    }

    private MenuItem migrateItem() {
        MenuItem migrate = new MenuItem("Migrate…");
        migrate.setId("menu-migrate");
        migrate.setOnAction(e -> viewModel.migrateSelected().ifPresent(vm -> MigrateDialog.show(stage, vm)));
        migrate.disableProperty().bind(viewModel.canMigrateProperty().not());
        return migrate;
    }

    private MenuItem deleteItem(String text) {
        MenuItem item = new MenuItem(text);
        item.setOnAction(e -> delete());
        item.disableProperty().bind(viewModel.enabledProperty(DomainAction.DELETE).not());
        return item;
    }

    /** One VM gets the Delete dialog; several go after one question, storage kept. */
    private void delete() {
        viewModel.deleteSelected().ifPresent(vm -> DeleteDialog.show(stage, vm));
    }

    private ToolBar toolBar() {
        Button open = toolButton("open", "Open", "icon-open", "Show the virtual machine's details");
        open.setOnAction(e -> viewModel.open());
        open.disableProperty().bind(viewModel.canOpenProperty().not());
        Button run = toolButton("run", "Run", "icon-run", "Power on the virtual machine");
        run.setOnAction(e -> viewModel.perform(DomainAction.RUN));
        run.disableProperty().bind(viewModel.enabledProperty(DomainAction.RUN).not());

        // One button that pauses, or resumes when nothing selected can be paused.
        var pauses = viewModel.enabledProperty(DomainAction.PAUSE);
        var resumes = viewModel.enabledProperty(DomainAction.RESUME);
        Button pause = toolButton("pause", "Pause", "icon-pause", "Pause or resume the virtual machine");
        pause.textProperty().bind(Bindings.when(pauses.not().and(resumes)).then("Resume").otherwise("Pause"));
        pause.setOnAction(e -> viewModel.perform(pauses.get() ? DomainAction.PAUSE : DomainAction.RESUME));
        pause.disableProperty().bind(pauses.not().and(resumes.not()));

        SplitMenuButton shutdown = new SplitMenuButton(
                shutdownItem("reboot", DomainAction.REBOOT), shutdownItem("shutdown-item", DomainAction.SHUTDOWN),
                shutdownItem("force-reset", DomainAction.RESET), shutdownItem("force-off", DomainAction.FORCE_OFF),
                new SeparatorMenuItem(), shutdownItem("save", DomainAction.SAVE));
        shutdown.setId("shutdown");
        shutdown.setText("Shut Down");
        shutdown.setGraphic(icon("icon-shutdown"));
        shutdown.setTooltip(new Tooltip("Shut down the virtual machine"));
        shutdown.setOnAction(e -> viewModel.perform(DomainAction.SHUTDOWN));
        // The arrow stays usable while Force Off applies, even if a clean shutdown does not (paused).
        shutdown.disableProperty().bind(viewModel.enabledProperty(DomainAction.FORCE_OFF).not());

        Button delete = toolButton("delete", "Delete", "icon-delete", "Delete the virtual machine");
        delete.setOnAction(e -> delete());
        delete.disableProperty().bind(viewModel.enabledProperty(DomainAction.DELETE).not());

        ToolBar bar = new ToolBar(open, new javafx.scene.control.Separator(), run, pause, shutdown,
                new javafx.scene.control.Separator(), delete);
        if (windows != null) {
            Button newDomain = toolButton("new", "New", "icon-new", "Create a new virtual machine");
            newDomain.setOnAction(e -> newDomain());
            bar.getItems().add(0, newDomain);
        }
        bar.getStyleClass().add("manager-toolbar");
        return bar;
    }

    private MenuItem shutdownItem(String id, DomainAction action) {
        MenuItem item = actionItem(action.label(), action);
        item.setId(id);
        return item;
    }

    private Button toolButton(String id, String text, String iconClass, String tooltip) {
        Button button = new Button(text, icon(iconClass));
        button.setId(id);
        button.setTooltip(new Tooltip(tooltip));
        return button;
    }

    private static Region icon(String styleClass) {
        Region icon = new Region();
        icon.getStyleClass().addAll("icon", styleClass);
        return icon;
    }

    private List<MenuItem> contextItems() {
        TreeItem<ManagerRow> focused = table.getSelectionModel().getSelectedItem();
        if (focused != null && focused.getValue() instanceof ConnectionRow connection) {
            MenuItem connect = new MenuItem("Connect");
            connect.setDisable(connection.status() == ConnectionStatus.CONNECTED
                    || connection.status() == ConnectionStatus.CONNECTING);
            connect.setOnAction(e -> viewModel.connect(connection));
            MenuItem disconnect = new MenuItem("Disconnect");
            disconnect.setDisable(connection.status() == ConnectionStatus.DISCONNECTED);
            disconnect.setOnAction(e -> viewModel.disconnect(connection));
            MenuItem delete = new MenuItem("Delete");
            delete.setOnAction(e -> viewModel.removeConnection(connection));
            if (windows != null) {
                boolean connected = connection.status() == ConnectionStatus.CONNECTED;
                MenuItem newDomain = new MenuItem("New");
                newDomain.setDisable(!connected);
                newDomain.setOnAction(e -> windows.newDomain(List.of(connection)));
                MenuItem details = new MenuItem("Details");
                details.setDisable(!connected);
                details.setOnAction(e -> windows.connectionDetails(connection));
                return List.of(newDomain, connect, disconnect, new SeparatorMenuItem(), delete,
                        new SeparatorMenuItem(), details);
            }
            return List.of(connect, disconnect, new SeparatorMenuItem(), delete);
        }
        Menu shutdown = new Menu("Shut Down", null, actionItem("Reboot", DomainAction.REBOOT),
                actionItem("Shut Down", DomainAction.SHUTDOWN), actionItem("Force Reset", DomainAction.RESET),
                actionItem("Force Off", DomainAction.FORCE_OFF), new SeparatorMenuItem(),
                actionItem("Save", DomainAction.SAVE));
        MenuItem open = new MenuItem("Open");
        open.setOnAction(e -> viewModel.open());
        open.disableProperty().bind(viewModel.canOpenProperty().not());
        return List.of(actionItem("Run", DomainAction.RUN), actionItem("Pause", DomainAction.PAUSE),
                actionItem("Resume", DomainAction.RESUME), shutdown, new SeparatorMenuItem(),
                cloneItem(), migrateItem(), deleteItem("Delete"), new SeparatorMenuItem(), open);
    }

    private Node filterBar() {
        TextField text = TextFields.createClearableTextField();
        text.setId("filter-text");
        text.setPromptText("Filter by name");
        text.textProperty().bindBidirectional(viewModel.filterTextProperty());
        HBox.setHgrow(text, Priority.ALWAYS);
        CheckComboBox<StateFilter> states = CheckFilter.of(
                javafx.collections.FXCollections.observableArrayList(StateFilter.values()),
                viewModel.stateFilters(), "All states");
        states.setId("filter-state");
        HBox bar = new HBox(text, states);
        if (tagFilter != null) {
            CheckComboBox<String> tags = CheckFilter.of(windows.tags().allTags(), tagFilter.tags(), "Any tag");
            tags.setId("filter-tag");
            // The tags are read when someone first reaches for the filter, not at start.
            tags.addEventFilter(javafx.scene.input.MouseEvent.MOUSE_PRESSED, e -> windows.tags().activate());
            tags.focusedProperty().addListener((o, was, now) -> windows.tags().activate());
            bar.getChildren().add(tags);
        }
        bar.getStyleClass().add("filter-bar");
        bar.setAlignment(Pos.CENTER_LEFT);
        filterBarNode = bar;
        return bar;
    }

    private Node statusBar() {
        Label status = new Label();
        status.setId("status");
        status.textProperty().bind(viewModel.statusProperty());
        Label bulk = new Label();
        bulk.setId("bulk-progress-text");
        ProgressBar bulkBar = new ProgressBar(0);
        bulkBar.setId("bulk-progress");
        bulkBar.setPrefWidth(160);
        var running = viewModel.bulkDoneProperty().lessThan(viewModel.bulkTotalProperty());
        bulk.textProperty().bind(Bindings.format("%s: %d of %d", viewModel.bulkTitleProperty(),
                viewModel.bulkDoneProperty(), viewModel.bulkTotalProperty()));
        bulkBar.progressProperty().bind(Bindings.createDoubleBinding(() -> viewModel.bulkTotalProperty().get() == 0 ? 0
                : (double) viewModel.bulkDoneProperty().get() / viewModel.bulkTotalProperty().get(),
                viewModel.bulkDoneProperty(), viewModel.bulkTotalProperty()));
        bulk.visibleProperty().bind(running);
        bulk.managedProperty().bind(running);
        bulkBar.visibleProperty().bind(running);
        bulkBar.managedProperty().bind(running);

        ToggleButton taskButton = new ToggleButton();
        taskButton.setId("tasks");
        taskButton.setGraphic(icon("icon-tasks"));
        taskButton.textProperty().bind(Bindings.size(tasks).asString("Tasks: %d"));
        taskButton.setOnAction(e -> {
            if (taskButton.isSelected()) {
                var at = taskButton.localToScreen(0, 0);
                taskPopup(taskButton).show(taskButton, at.getX() - 390 + taskButton.getWidth(), at.getY() - 260);
            } else if (taskPopup != null) {
                taskPopup.hide();
            }
        });
        Region spring = new Region();
        HBox.setHgrow(spring, Priority.ALWAYS);
        HBox bar = new HBox(status, spring, bulk, bulkBar, taskButton);
        bar.getStyleClass().add("status-bar");
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    /** The task list's popup, built when first opened: most sessions never open it. */
    private Popup taskPopup(ToggleButton taskButton) {
        if (taskPopup == null) {
            taskPopup = new Popup();
            taskPopup.setAutoHide(true);
            VBox content = new VBox(new TaskListView(tasks).node());
            content.setStyle("-fx-background-color: -fx-background; -fx-border-color: #b0b0b0; -fx-padding: 4;");
            taskPopup.getContent().add(content);
            taskPopup.setOnHidden(e -> taskButton.setSelected(false));
        }
        return taskPopup;
    }

    private void addConnection() {
        new AddConnectionView(new AddConnectionViewModel()).showAndWait(stage)
                .ifPresent(request -> viewModel.addConnection(request.uri(), request.autoconnect(),
                        Optional.of(request.driver())));
    }
}
