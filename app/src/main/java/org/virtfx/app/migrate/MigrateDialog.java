package org.virtfx.app.migrate;

import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.virtfx.app.ui.ModalStages;

/** virt-manager's "Migrate 'NAME'" dialog: Migrating VM, Original host, New host. */
public final class MigrateDialog {
    private MigrateDialog() {
    }

    public static Stage show(Window owner, MigrateViewModel vm) {
        Stage stage = ModalStages.modal(owner, vm.title());
        ComboBox<MigrateViewModel.Host> hosts = new ComboBox<>(vm.hosts());
        hosts.setId("migrate-host");
        hosts.valueProperty().bindBidirectional(vm.targetProperty());
        hosts.setDisable(vm.hosts().isEmpty());
        hosts.setPromptText(vm.hostsNote());
        Label note = new Label(vm.hostsNote());
        note.setId("migrate-note");

        GridPane grid = ModalStages.formGrid();
        grid.addRow(0, new Label("Migrating VM:"), new Label(vm.domainName()));
        grid.addRow(1, new Label("Original host:"), new Label(vm.sourceTitle()));
        grid.addRow(2, new Label("New host:"), hosts);
        grid.add(note, 1, 3);
        Label error = ModalStages.errorLabel();
        Button[] buttons = ModalStages.cancelAnd("Migrate", stage, error, () -> null, vm::migrate);
        buttons[1].setId("migrate-finish");
        buttons[1].disableProperty().bind(vm.canMigrateProperty().not());
        stage.setScene(new Scene(new BorderPane(grid, null, null, ModalStages.buttonRow(buttons), null), 440, 200));
        stage.show();
        return stage;
    }
}
