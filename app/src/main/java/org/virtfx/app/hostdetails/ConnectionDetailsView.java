package org.virtfx.app.hostdetails;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.virtfx.app.graph.UsageGraph;
import org.virtfx.app.ui.FactsView;
import org.virtfx.core.network.NetworkSummary;
import org.virtfx.core.storage.PoolSummary;
import org.virtfx.core.storage.VolumeSummary;

/** "NAME - Connection Details": Overview, Virtual Networks and Storage tabs. */
public final class ConnectionDetailsView {
    private final HostOverviewViewModel overview;
    private final NetworksViewModel networks;
    private final StorageViewModel storage;
    private final String connectionTitle;
    private final int pollSeconds;

    public ConnectionDetailsView(HostOverviewViewModel overview, NetworksViewModel networks, StorageViewModel storage,
                                 String connectionTitle, int pollSeconds) {
        this.overview = overview;
        this.networks = networks;
        this.storage = storage;
        this.connectionTitle = connectionTitle;
        this.pollSeconds = pollSeconds;
    }

    public Stage show(String styleSheet) {
        Stage stage = new Stage();
        showIn(stage, styleSheet);
        return stage;
    }

    public void showIn(Stage stage, String styleSheet) {
        TabPane tabs = new TabPane(new Tab("Overview", overviewTab()), new Tab("Virtual Networks", networksTab(stage)),
                new Tab("Storage", storageTab(stage)));
        tabs.setId("connection-tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        stage.setTitle(connectionTitle + " - Connection Details");
        Scene scene = new Scene(tabs, 860, 560);
        scene.getStylesheets().add(styleSheet);
        stage.setScene(scene);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(work -> {
            Thread thread = new Thread(work, "virtfx-host-stats");
            thread.setDaemon(true);
            return thread;
        });
        // sample() only queues a task, which any thread may do; a Timeline would keep the pulse busy.
        timer.scheduleWithFixedDelay(overview::sample, pollSeconds, pollSeconds, TimeUnit.SECONDS);
        stage.addEventHandler(javafx.stage.WindowEvent.WINDOW_HIDDEN, e -> timer.shutdownNow());
        stage.show();
        overview.load();
        networks.load();
        storage.load();
    }

    private Node overviewTab() {
        Label cpu = new Label();
        cpu.textProperty().bind(Bindings.concat("CPU usage: ", overview.cpuTextProperty()));
        Label memory = new Label();
        memory.textProperty().bind(Bindings.concat("Memory usage: ", overview.memoryTextProperty()));
        Label name = new Label(overview.name());
        name.setId("connection-name");
        CheckBox autoconnect = new CheckBox();
        autoconnect.setId("connection-autoconnect");
        autoconnect.selectedProperty().bindBidirectional(overview.autoconnectProperty());
        GridPane basics = new GridPane();
        basics.setHgap(12);
        basics.setVgap(6);
        Label nameLabel = new Label("Name:");
        Label autoconnectLabel = new Label("Autoconnect:");
        nameLabel.getStyleClass().add("fact-label");
        autoconnectLabel.getStyleClass().add("fact-label");
        autoconnectLabel.setLabelFor(autoconnect);
        basics.addRow(0, nameLabel, name);
        basics.addRow(1, autoconnectLabel, autoconnect);
        basics.setPadding(new Insets(12, 12, 0, 12));
        VBox box = new VBox(8, basics, loadWarnings(), new FactsView(overview.facts()).node(), cpu,
                new UsageGraph(overview.cpuPercent(), HostOverviewViewModel.HISTORY), memory,
                new UsageGraph(overview.memoryPercent(), HostOverviewViewModel.HISTORY));
        box.setPadding(new Insets(10));
        return box;
    }

    /** What the driver skipped at load, shown only when it skipped something, as libvirt's log would say it. */
    private Node loadWarnings() {
        Label title = new Label("Some files could not be loaded and were skipped:");
        title.getStyleClass().add("fact-label");
        ListView<String> files = new ListView<>(overview.loadWarnings());
        files.setId("load-warnings");
        files.setPrefHeight(80);
        VBox box = new VBox(4, title, files);
        box.setPadding(new Insets(0, 12, 0, 12));
        box.visibleProperty().bind(Bindings.isNotEmpty(overview.loadWarnings()));
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    private Node networksTab(Stage owner) {
        ListView<NetworkSummary> list = new ListView<>(networks.networks());
        list.setId("network-list");
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(NetworkSummary item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item.name() + (item.active() ? "" : " (inactive)"));
            }
        });
        list.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null) {
                networks.selectedProperty().set(now);
            }
        });
        networks.selectedProperty().addListener((o, was, now) -> list.getSelectionModel().select(now));
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(6);
        grid.setPadding(new Insets(10));
        CheckBox autostart = new CheckBox("On Boot");
        autostart.setId("network-autostart");
        int row = 0;
        grid.addRow(row++, new Label("Name:"), shown(d -> d.summary().name()));
        grid.addRow(row++, new Label("Device:"), shown(d -> d.summary().bridge()));
        grid.addRow(row++, new Label("State:"), shown(d -> d.summary().active() ? "Active" : "Inactive"));
        grid.addRow(row++, new Label("Autostart:"), autostart);
        grid.addRow(row++, new Label("IPv4 network:"), shown(NetworkDetails::ipv4Network));
        grid.addRow(row++, new Label("DHCP range:"), shown(NetworkDetails::dhcpRange));
        grid.addRow(row++, new Label("IPv6 network:"), shown(NetworkDetails::ipv6Network));
        grid.addRow(row++, new Label("DHCPv6 range:"), shown(NetworkDetails::dhcpv6Range));
        grid.addRow(row, new Label("Forwarding:"), shown(NetworkDetails::forwarding));
        networks.detailsProperty().addListener((o, was, now) -> {
            if (now != null) {
                autostart.setSelected(now.summary().autostart());
            }
        });
        autostart.setOnAction(e -> networks.setAutostart(autostart.isSelected()));
        TextArea xml = new TextArea();
        xml.setEditable(false);
        xml.getStyleClass().add("xml-view");
        xml.textProperty().bind(Bindings.createStringBinding(() -> networks.detailsProperty().get() == null ? ""
                : networks.detailsProperty().get().xml(), networks.detailsProperty()));
        TabPane detailTabs = new TabPane(new Tab("Details", grid), new Tab("XML", xml));
        detailTabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        Button add = button("Add Network", "network-add", () -> new CreateNetworkView(
                new CreateNetworkViewModel(networks.names()), networks::create).show(owner));
        Button start = button("Start", "network-start", networks::start);
        Button stop = button("Stop", "network-stop", networks::stop);
        Button delete = button("Delete", "network-delete", networks::delete);
        var active = Bindings.createBooleanBinding(() -> networks.selectedProperty().get() != null
                && networks.selectedProperty().get().active(), networks.selectedProperty());
        start.disableProperty().bind(active.or(networks.selectedProperty().isNull()));
        stop.disableProperty().bind(active.not());
        delete.disableProperty().bind(networks.selectedProperty().isNull());
        HBox buttons = new HBox(6, add, start, stop, delete);
        buttons.setPadding(new Insets(6));
        return new BorderPane(new SplitPane(list, detailTabs), null, null, buttons, null);
    }

    private Label shown(java.util.function.Function<NetworkDetails, String> part) {
        Label label = new Label();
        label.textProperty().bind(Bindings.createStringBinding(() -> networks.detailsProperty().get() == null ? ""
                : part.apply(networks.detailsProperty().get()), networks.detailsProperty()));
        return label;
    }

    private Node storageTab(Stage owner) {
        ListView<PoolSummary> pools = new ListView<>(storage.pools());
        pools.setId("pool-list");
        Label noPools = new Label();
        noPools.textProperty().bind(storage.unsupportedProperty());
        pools.setPlaceholder(noPools);
        pools.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(PoolSummary item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item.name() + "   " + StorageViewModel.usage(item)
                        + " used\nFilesystem Directory" + (item.active() ? "" : " (inactive)"));
            }
        });
        pools.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null) {
                storage.selectedProperty().set(now);
            }
        });
        storage.selectedProperty().addListener((o, was, now) -> pools.getSelectionModel().select(now));
        Label size = new Label();
        size.textProperty().bind(Bindings.createStringBinding(() -> storage.selectedProperty().get() == null ? ""
                : StorageViewModel.size(storage.selectedProperty().get()), storage.selectedProperty()));
        Label location = new Label();
        location.textProperty().bind(storage.locationProperty());
        Label state = new Label();
        state.textProperty().bind(Bindings.createStringBinding(() -> storage.selectedProperty().get() == null ? ""
                : storage.selectedProperty().get().active() ? "Active" : "Inactive", storage.selectedProperty()));
        GridPane facts = new GridPane();
        facts.setHgap(8);
        facts.setVgap(4);
        facts.addRow(0, new Label("Size:"), size);
        facts.addRow(1, new Label("Location:"), location);
        facts.addRow(2, new Label("State:"), state);
        TableView<VolumeSummary> volumes = new TableView<>(storage.volumes());
        volumes.setId("volume-table");
        volumes.getColumns().add(column("Volumes", VolumeSummary::name));
        volumes.getColumns().add(column("Size", v -> String.format("%.2f GiB", v.capacity() / 1073741824.0)));
        volumes.getColumns().add(column("Format", VolumeSummary::format));
        volumes.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        Button addVolume = button("Add Volume", "volume-add", () -> CreateVolumeDialog.show(owner, storage));
        Button deleteVolume = button("Delete Volume", "volume-delete",
                () -> storage.deleteVolume(volumes.getSelectionModel().getSelectedItem()));
        deleteVolume.disableProperty().bind(volumes.getSelectionModel().selectedItemProperty().isNull());
        VBox right = new VBox(8, facts, volumes, new HBox(6, addVolume, deleteVolume));
        right.setPadding(new Insets(10));
        VBox.setVgrow(volumes, Priority.ALWAYS);
        Button addPool = button("Add Pool", "pool-add", () -> CreatePoolDialog.show(owner, storage));
        Button start = button("Start", "pool-start", storage::start);
        Button stop = button("Stop", "pool-stop", storage::stop);
        var active = Bindings.createBooleanBinding(() -> storage.selectedProperty().get() != null
                && storage.selectedProperty().get().active(), storage.selectedProperty());
        start.disableProperty().bind(active.or(storage.selectedProperty().isNull()));
        stop.disableProperty().bind(active.not());
        Button deletePool = button("Delete Pool", "pool-delete", storage::deletePool);
        deletePool.disableProperty().bind(storage.selectedProperty().isNull());
        HBox buttons = new HBox(6, addPool, start, stop, deletePool);
        buttons.setPadding(new Insets(6));
        SplitPane split = new SplitPane(pools, right);
        split.setDividerPositions(0.3);
        return new BorderPane(split, null, null, buttons, null);
    }

    private static <T> TableColumn<T, String> column(String title, java.util.function.Function<T, String> value) {
        TableColumn<T, String> column = new TableColumn<>(title);
        column.setCellValueFactory(c -> new ReadOnlyStringWrapper(value.apply(c.getValue())));
        return column;
    }

    private static Button button(String text, String id, Runnable action) {
        Button button = new Button(text);
        button.setId(id);
        button.setOnAction(e -> action.run());
        return button;
    }

    static TextField field(String id, String initial) {
        TextField field = new TextField(initial);
        field.setId(id);
        return field;
    }
}
