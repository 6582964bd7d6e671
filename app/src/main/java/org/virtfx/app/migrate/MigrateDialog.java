package org.virtfx.app.migrate;

import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.virtfx.app.ui.ModalStages;
import org.virtfx.core.domain.MigrationOptions;

/**
 * virt-manager's "Migrate 'NAME'" dialog: Migrating VM, Original host, New host, the mode, and
 * the advanced options under an expander.
 * It stays open while the guest moves, with the copy's progress, and shows a failure in place.
 */
public final class MigrateDialog {
    private MigrateDialog() {
    }

    public static Stage show(Window owner, MigrateViewModel vm) {
        Stage stage = ModalStages.modal(owner, vm.title());
        ComboBox<MigrateViewModel.Host> hosts = new ComboBox<>(vm.hosts());
        hosts.setId("migrate-host");
        hosts.valueProperty().bindBidirectional(vm.targetProperty());
        // Why there is no choice is the note's to say, on as many lines as it needs.
        hosts.setPromptText(vm.hosts().isEmpty() ? "No host" : "");
        hosts.disableProperty().bind(vm.busyProperty().or(Bindings.isEmpty(vm.hosts())));
        Label note = new Label(vm.hostsNote());
        note.setId("migrate-note");
        note.setWrapText(true);

        ToggleGroup modes = new ToggleGroup();
        RadioButton live = mode("Live", "migrate-live", MigrationOptions.Mode.LIVE, modes);
        RadioButton offline = mode("Offline (definition only)", "migrate-offline", MigrationOptions.Mode.OFFLINE, modes);
        modes.selectToggle(vm.modeProperty().get() == MigrationOptions.Mode.LIVE ? live : offline);
        modes.selectedToggleProperty().addListener((o, was, now) -> {
            if (now != null) {
                vm.modeProperty().set((MigrationOptions.Mode) now.getUserData());
            }
        });
        HBox modeRow = new HBox(12, live, offline);
        modeRow.disableProperty().bind(vm.busyProperty());

        GridPane grid = ModalStages.formGrid();
        grid.addRow(0, new Label("Migrating VM:"), new Label(vm.domainName()));
        grid.addRow(1, new Label("Original host:"), new Label(vm.sourceTitle()));
        grid.addRow(2, new Label("New host:"), hosts);
        grid.add(note, 1, 3);
        grid.addRow(4, new Label("Mode:"), modeRow);
        TitledPane advanced = advanced(vm);
        grid.add(advanced, 0, 5, 2, 1);

        ProgressBar progress = new ProgressBar();
        progress.setId("migrate-progress");
        progress.setMaxWidth(Double.MAX_VALUE);
        progress.progressProperty().bind(vm.progressProperty());
        progress.visibleProperty().bind(vm.busyProperty());
        Label status = new Label();
        status.setId("migrate-status");
        status.textProperty().bind(vm.statusProperty());
        grid.add(progress, 1, 6);
        grid.add(status, 1, 7);
        Label error = ModalStages.errorLabel();
        error.setId("migrate-error");
        error.textProperty().bind(vm.errorProperty());
        grid.add(error, 0, 8, 2, 1);

        Button cancel = new Button("Cancel");
        cancel.setId("migrate-cancel");
        cancel.setOnAction(e -> {
            if (vm.cancel()) {
                stage.close();
            }
        });
        Button migrate = new Button("Migrate");
        migrate.setId("migrate-finish");
        migrate.setDefaultButton(true);
        migrate.disableProperty().bind(vm.canMigrateProperty().not());
        migrate.setOnAction(e -> vm.migrate());
        vm.doneProperty().addListener((o, was, now) -> {
            if (now) {
                stage.close();
            }
        });
        // Closing the window while the guest moves aborts the move, as Cancel does.
        stage.setOnCloseRequest(e -> {
            if (!vm.cancel()) {
                e.consume();
            }
        });
        stage.setScene(new Scene(new BorderPane(grid, null, null, ModalStages.buttonRow(cancel, migrate), null), 480, -1));
        stage.show();
        // The window grows and shrinks with the advanced options, as virt-manager's expander does,
        // and with a failure's lines, which would otherwise squeeze the fields above them. Added
        // once shown, so the expander's skin has taken in the change when the height is asked.
        advanced.expandedProperty().addListener((o, was, now) -> fitHeight(stage));
        vm.errorProperty().addListener((o, was, now) -> fitHeight(stage));
        return stage;
    }

    /**
     * virt-manager's "Advanced options" expander: tunnelled or direct (with the migration URI),
     * temporary move, the name on the new host, and a bandwidth cap. Collapsed at first.
     */
    private static TitledPane advanced(MigrateViewModel vm) {
        CheckBox tunnelled = new CheckBox("Tunnel the guest through the libvirt daemons' connection");
        tunnelled.setId("migrate-tunnelled");
        tunnelled.selectedProperty().bindBidirectional(vm.tunnelledProperty());

        TextField address = new TextField();
        address.setId("migrate-uri");
        address.setPromptText("chosen by the new host");
        address.textProperty().bindBidirectional(vm.migrationUriProperty());
        // A tunnelled guest needs no address of its own between the hosts.
        address.disableProperty().bind(vm.tunnelledProperty());

        CheckBox temporary = new CheckBox("Temporary move (run there, keep the definition here)");
        temporary.setId("migrate-temporary");
        temporary.selectedProperty().bindBidirectional(vm.temporaryProperty());
        temporary.disableProperty().bind(vm.temporaryPossibleProperty().not());

        TextField name = new TextField();
        name.setId("migrate-name");
        name.setPromptText(vm.domainName());
        name.textProperty().bindBidirectional(vm.newNameProperty());

        TextField bandwidth = new TextField();
        bandwidth.setId("migrate-bandwidth");
        bandwidth.setPromptText("no limit");
        bandwidth.setPrefColumnCount(8);
        bandwidth.textProperty().bindBidirectional(vm.bandwidthProperty());
        HBox bandwidthRow = new HBox(6, bandwidth, new Label("MiB/s"));
        bandwidthRow.setAlignment(Pos.CENTER_LEFT);

        GridPane grid = ModalStages.formGrid();
        grid.add(tunnelled, 0, 0, 2, 1);
        grid.addRow(1, new Label("Migration URI:"), address);
        grid.add(temporary, 0, 2, 2, 1);
        grid.addRow(3, new Label("New name:"), name);
        grid.addRow(4, new Label("Bandwidth:"), bandwidthRow);
        grid.disableProperty().bind(vm.busyProperty());
        TitledPane pane = new TitledPane("Advanced options", grid);
        pane.setId("migrate-advanced");
        pane.setExpanded(false);
        // Unanimated, the expander has its full height at once, which the window is fitted to.
        pane.setAnimated(false);
        return pane;
    }

    /** Fits the window's height to its content at its present width (a wrapped error is taller when narrow). */
    private static void fitHeight(Stage stage) {
        Scene scene = stage.getScene();
        double decorations = stage.getHeight() - scene.getHeight();
        stage.setHeight(scene.getRoot().prefHeight(scene.getWidth()) + decorations);
    }

    private static RadioButton mode(String text, String id, MigrationOptions.Mode mode, ToggleGroup group) {
        RadioButton button = new RadioButton(text);
        button.setId(id);
        button.setUserData(mode);
        button.setToggleGroup(group);
        return button;
    }
}
