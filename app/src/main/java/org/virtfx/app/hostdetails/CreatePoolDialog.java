package org.virtfx.app.hostdetails;

import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.virtfx.app.ui.ModalStages;

/** "Add a New Storage Pool" for the one type VirtFX creates: a directory. */
final class CreatePoolDialog {
    private CreatePoolDialog() {
    }

    static void show(Window owner, StorageViewModel storage) {
        Stage stage = ModalStages.modal(owner, "Add a New Storage Pool");
        TextField name = ConnectionDetailsView.field("pool-name", "pool");
        TextField path = ConnectionDetailsView.field("pool-path", "/var/lib/libvirt/images/pool");
        Label error = ModalStages.errorLabel();
        GridPane grid = ModalStages.formGrid();
        grid.addRow(0, new Label("Name:"), name);
        grid.addRow(1, new Label("Type:"), new Label("dir: Filesystem Directory"));
        grid.addRow(2, new Label("Target Path:"), path);
        grid.add(error, 0, 3, 2, 1);
        Button[] buttons = ModalStages.cancelFinish(stage, error, () -> storage.checkDirPool(name.getText(), path.getText()),
                () -> storage.createDirPool(name.getText(), path.getText()));
        stage.setScene(new Scene(new BorderPane(grid, null, null,
                ModalStages.buttonRow(buttons[0], buttons[1]), null), 460, 220));
        stage.show();
    }
}
