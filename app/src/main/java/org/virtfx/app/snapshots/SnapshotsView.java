package org.virtfx.app.snapshots;

import java.time.ZoneId;
import java.util.UUID;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.virtfx.app.ui.DialogService;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.domain.DomainSnapshot;
import org.virtfx.core.task.TaskExecutor;

/**
 * The Snapshots page of the VM window, as virt-manager lays it out: the snapshot list with
 * add, run, refresh and delete below it on the left; the selected snapshot's timestamp, VM
 * state and description (with Apply) on the right. A driver without snapshots gets a note.
 */
public final class SnapshotsView extends StackPane {
    private final SnapshotsViewModel viewModel;

    public SnapshotsView(SnapshotsViewModel viewModel) {
        this.viewModel = viewModel;
        SplitPane split = new SplitPane(list(), details());
        split.setDividerPositions(0.35);
        Label unavailable = new Label();
        unavailable.setId("snapshots-unavailable");
        unavailable.textProperty().bind(viewModel.unavailableProperty());
        split.visibleProperty().bind(viewModel.unavailableProperty().isEmpty());
        unavailable.visibleProperty().bind(split.visibleProperty().not());
        getChildren().addAll(split, unavailable);
    }

    /** The page for one domain, reading its snapshots at once: what the VM window embeds. */
    public static SnapshotsView forDomain(Connection connection, UUID uuid, TaskExecutor tasks, DialogService dialogs) {
        SnapshotsViewModel viewModel = new SnapshotsViewModel(connection, uuid, tasks, dialogs, ZoneId.systemDefault());
        viewModel.refresh();
        return new SnapshotsView(viewModel);
    }

    public SnapshotsViewModel viewModel() {
        return viewModel;
    }

    private BorderPane list() {
        ListView<DomainSnapshot> list = new ListView<>(viewModel.snapshots());
        list.setId("snapshot-list");
        list.setCellFactory(view -> new SnapshotCell());
        list.getSelectionModel().selectedItemProperty().addListener((obs, was, now) -> {
            if (now != null) {
                viewModel.selectedProperty().set(now);
            }
        });
        viewModel.selectedProperty().addListener((obs, was, now) -> list.getSelectionModel().select(now));
        var nothingSelected = viewModel.selectedProperty().isNull().or(viewModel.busyProperty());
        ToolBar tools = new ToolBar(
                button("snapshot-add", "+", "Create new snapshot", this::create, viewModel.busyProperty()),
                button("snapshot-run", "▶", "Run selected snapshot", viewModel::revert, nothingSelected),
                button("snapshot-refresh", "⟳", "Refresh snapshot list", viewModel::refresh, viewModel.busyProperty()),
                button("snapshot-delete", "✖", "Delete selected snapshot", viewModel::delete, nothingSelected));
        return new BorderPane(list, null, null, tools, null);
    }

    private static Button button(String id, String text, String tip, Runnable action,
                                 ObservableBooleanValue disabled) {
        Button button = new Button(text);
        button.setId(id);
        button.setTooltip(new Tooltip(tip));
        button.setOnAction(e -> action.run());
        button.disableProperty().bind(disabled);
        return button;
    }

    private void create() {
        CreateSnapshotDialog.show(getScene().getWindow(), viewModel);
    }

    private VBox details() {
        Label title = new Label();
        title.setId("snapshot-title");
        title.setStyle("-fx-font-weight: bold; -fx-font-size: 1.2em;");
        Label timestamp = new Label();
        timestamp.setId("snapshot-timestamp");
        Label state = new Label();
        state.setId("snapshot-state");
        Label current = new Label();
        current.setId("snapshot-current");
        viewModel.selectedProperty().addListener((obs, was, now) -> {
            title.setText(now == null ? "" : "Snapshot '" + now.name() + "':");
            timestamp.setText(now == null ? "" : viewModel.timestamp(now));
            state.setText(now == null ? "" : SnapshotsViewModel.stateLabel(now.state()));
            current.setText(now != null && now.current() ? "✔ " + SnapshotsViewModel.CURRENT_NOTE : "");
        });
        TextArea description = new TextArea();
        description.setId("snapshot-description");
        description.setWrapText(true);
        description.textProperty().bindBidirectional(viewModel.descriptionProperty());
        description.disableProperty().bind(viewModel.selectedProperty().isNull());
        Button apply = new Button("Apply");
        apply.setId("snapshot-apply");
        apply.setOnAction(e -> viewModel.applyDescription());
        apply.disableProperty().bind(Bindings.not(viewModel.descriptionChangedProperty()).or(viewModel.busyProperty()));
        GridPane facts = new GridPane();
        facts.setHgap(8);
        facts.setVgap(6);
        facts.addRow(0, new Label("Timestamp:"), timestamp);
        facts.addRow(1, new Label("VM State:"), state);
        VBox pane = new VBox(8, title, facts, current, new Label("Description:"), description, apply);
        VBox.setVgrow(description, Priority.ALWAYS);
        pane.setPadding(new Insets(10));
        return pane;
    }

    /** virt-manager's list entry: the name in bold, the VM state below, a check on the current one. */
    private static final class SnapshotCell extends ListCell<DomainSnapshot> {
        @Override
        protected void updateItem(DomainSnapshot snapshot, boolean empty) {
            super.updateItem(snapshot, empty);
            if (empty || snapshot == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            Label name = new Label((snapshot.current() ? "✔ " : "") + snapshot.name());
            name.setStyle("-fx-font-weight: bold;");
            Label state = new Label("VM State: " + SnapshotsViewModel.stateLabel(snapshot.state()));
            state.setStyle("-fx-font-size: 0.85em;");
            setText(null);
            setGraphic(new VBox(2, name, state));
            setTooltip(snapshot.current() ? new Tooltip(SnapshotsViewModel.CURRENT_NOTE) : null);
        }
    }
}
