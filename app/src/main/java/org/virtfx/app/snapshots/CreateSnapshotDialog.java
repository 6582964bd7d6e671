package org.virtfx.app.snapshots;

import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
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
        Label error = new Label();
        error.setStyle("-fx-text-fill: #c01c28;");
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(6);
        grid.setPadding(new Insets(10));
        grid.addRow(0, new Label("Name:"), name);
        grid.addRow(1, new Label("Status:"), new Label(form.status()));
        grid.addRow(2, new Label("Description:"), description);
        grid.add(error, 0, 3, 2, 1);
        Button[] buttons = ModalStages.cancelFinish(stage, error, () -> form.problem().orElse(null),
                () -> snapshots.create(form));
        buttons[1].setId("snapshot-finish");
        HBox row = new HBox(8, buttons[0], buttons[1]);
        row.setPadding(new Insets(0, 10, 10, 10));
        row.setStyle("-fx-alignment: center-right;");
        stage.setScene(new Scene(new BorderPane(grid, null, null, row, null), 440, 260));
        stage.show();
    }
}
