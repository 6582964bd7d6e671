package org.virtfx.app.hostdetails;

import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.virtfx.app.ui.ModalStages;

/** "Add a Storage Volume": name (the format's suffix is added), format, capacity in GiB. */
final class CreateVolumeDialog {
    private CreateVolumeDialog() {
    }

    static void show(Window owner, StorageViewModel storage) {
        Stage stage = ModalStages.modal(owner, "Add a Storage Volume");
        TextField name = ConnectionDetailsView.field("volume-name", "volume");
        ComboBox<String> format = new ComboBox<>();
        format.setId("volume-format");
        format.getItems().setAll("qcow2", "raw");
        format.setValue("qcow2");
        Spinner<Integer> capacity = new Spinner<>(1, 1 << 20, 20);
        capacity.setId("volume-capacity");
        capacity.setEditable(true);
        Label error = ModalStages.errorLabel();
        GridPane grid = ModalStages.formGrid();
        grid.addRow(0, new Label("Name:"), name);
        grid.addRow(1, new Label("Format:"), format);
        grid.addRow(2, new Label("Capacity (GiB):"), capacity);
        grid.add(error, 0, 3, 2, 1);
        Button[] buttons = ModalStages.cancelFinish(stage, error, () -> storage.checkVolume(name.getText(), capacity.getValue()),
                () -> storage.createVolume(name.getText(), format.getValue(), capacity.getValue()));
        stage.setScene(new Scene(new BorderPane(grid, null, null,
                ModalStages.buttonRow(buttons[0], buttons[1]), null), 420, 220));
        stage.show();
    }
}
