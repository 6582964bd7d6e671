package org.virtfx.app.delete;

import java.util.List;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.virtfx.app.ui.CheckColumn;
import org.virtfx.app.ui.ModalStages;

/** virt-manager's "Delete 'NAME'" dialog: the storage check box and the per-disk list. */
public final class DeleteDialog {
    private DeleteDialog() {
    }

    public static Stage show(Window owner, DeleteViewModel vm) {
        Stage stage = ModalStages.modal(owner, vm.title());
        Label running = new Label();
        running.setId("delete-running-note");
        running.textProperty().bind(vm.runningNoteProperty());
        running.setWrapText(true);
        running.visibleProperty().bind(vm.runningNoteProperty().isNotEmpty());
        running.managedProperty().bind(running.visibleProperty());
        CheckBox storage = new CheckBox("Delete associated storage files");
        storage.setId("delete-storage");
        storage.selectedProperty().bindBidirectional(vm.deleteStorageProperty());
        TableView<DeleteDisk> table = diskTable(vm);
        table.disableProperty().bind(vm.deleteStorageProperty().not());

        VBox content = new VBox(8, running, storage, table);
        content.setPadding(new Insets(10));
        Button cancel = new Button("Cancel");
        cancel.setOnAction(e -> stage.close());
        Button delete = new Button("Delete");
        delete.setId("delete-finish");
        delete.setDefaultButton(true);
        delete.disableProperty().bind(vm.readyProperty().not());
        delete.setOnAction(e -> {
            if (vm.delete()) {
                stage.close();
            }
        });
        stage.setScene(new Scene(new BorderPane(content, null, null, ModalStages.buttonRow(cancel, delete), null),
                620, 320));
        vm.load();
        stage.show();
        return stage;
    }

    private static TableView<DeleteDisk> diskTable(DeleteViewModel vm) {
        TableView<DeleteDisk> table = new TableView<>(vm.disks());
        table.setId("delete-disks");
        table.setEditable(true);
        table.setPlaceholder(new Label("No storage"));
        TableColumn<DeleteDisk, Boolean> delete = CheckColumn.of("Delete", DeleteDisk::selected, DeleteDisk::deletable);
        TableColumn<DeleteDisk, String> path = new TableColumn<>("Storage Path");
        path.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().disk().path().orElse("")));
        path.setPrefWidth(220);
        TableColumn<DeleteDisk, String> target = new TableColumn<>("Target");
        target.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().disk().target()));
        target.setPrefWidth(60);
        TableColumn<DeleteDisk, String> warning = new TableColumn<>("");
        warning.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().warning().isEmpty() ? ""
                : "⚠ " + c.getValue().warning()));
        warning.setPrefWidth(250);
        table.getColumns().setAll(List.of(delete, path, target, warning));
        return table;
    }
}
