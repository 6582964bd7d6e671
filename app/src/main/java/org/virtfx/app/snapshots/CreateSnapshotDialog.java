package org.virtfx.app.snapshots;

import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.virtfx.app.ui.ModalStages;

/** virt-manager's "Create snapshot" dialog: Name, Status, Description, Cancel and Finish. */
final class CreateSnapshotDialog {
    private CreateSnapshotDialog() {
    }

    static void show(Window owner, SnapshotsViewModel snapshots) {
        CreateSnapshotViewModel form = snapshots.newSnapshot();
        Stage stage = ModalStages.modal(owner, "Create snapshot");
        TextField name = new TextField();
        name.setId("snapshot-name");
        name.textProperty().bindBidirectional(form.nameProperty());
        TextArea description = new TextArea();
        description.setId("snapshot-new-description");
        description.setPrefRowCount(4);
        description.textProperty().bindBidirectional(form.descriptionProperty());
        Label error = ModalStages.errorLabel();
        GridPane grid = ModalStages.formGrid();
        grid.addRow(0, new Label("Name:"), name);
        grid.addRow(1, new Label("Status:"), new Label(form.status()));
        grid.addRow(2, new Label("Description:"), description);
        grid.add(error, 0, 3, 2, 1);
        Button[] buttons = ModalStages.cancelFinish(stage, error, () -> form.problem().orElse(null),
                () -> snapshots.create(form));
        buttons[1].setId("snapshot-finish");
        stage.setScene(new Scene(new BorderPane(grid, null, null, ModalStages.buttonRow(buttons), null), 440, 260));
        stage.show();
    }
}
