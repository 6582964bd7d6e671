package org.virtfx.app.migrate;

import javafx.beans.binding.Bindings;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.virtfx.app.ui.ModalStages;
import org.virtfx.core.domain.MigrationOptions;

/**
 * virt-manager's "Migrate 'NAME'" dialog: Migrating VM, Original host, New host, and the mode.
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

        TextField address = new TextField();
        address.setId("migrate-uri");
        address.setPromptText("chosen by the new host");
        address.textProperty().bindBidirectional(vm.migrationUriProperty());
        address.disableProperty().bind(vm.busyProperty());

        ProgressBar progress = new ProgressBar();
        progress.setId("migrate-progress");
        progress.setMaxWidth(Double.MAX_VALUE);
        progress.progressProperty().bind(vm.progressProperty());
        progress.visibleProperty().bind(vm.busyProperty());
        Label status = new Label();
        status.setId("migrate-status");
        status.textProperty().bind(vm.statusProperty());

        GridPane grid = ModalStages.formGrid();
        grid.addRow(0, new Label("Migrating VM:"), new Label(vm.domainName()));
        grid.addRow(1, new Label("Original host:"), new Label(vm.sourceTitle()));
        grid.addRow(2, new Label("New host:"), hosts);
        grid.add(note, 1, 3);
        grid.addRow(4, new Label("Mode:"), modeRow);
        grid.addRow(5, new Label("Migration URI:"), address);
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
        stage.setScene(new Scene(new BorderPane(grid, null, null, ModalStages.buttonRow(cancel, migrate), null), 480, 340));
        stage.show();
        return stage;
    }

    private static RadioButton mode(String text, String id, MigrationOptions.Mode mode, ToggleGroup group) {
        RadioButton button = new RadioButton(text);
        button.setId(id);
        button.setUserData(mode);
        button.setToggleGroup(group);
        return button;
    }
}
