package org.virtfx.app.clone;

import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.virtfx.app.ui.CheckColumn;
import org.virtfx.app.ui.ModalStages;

/**
 * virt-manager's "Clone Virtual Machine" dialog: Original VM, Name, a Storage table whose
 * Clone column chooses between copying a disk and sharing it, and the virt-sysprep note.
 */
public final class CloneDialog {
    private CloneDialog() {
    }

    public static Stage show(Window owner, CloneViewModel vm) {
        Stage stage = ModalStages.modal(owner, "Clone Virtual Machine");
        Label original = new Label();
        original.setId("clone-original");
        original.textProperty().bind(vm.originalNameProperty());
        TextField name = new TextField();
        name.setId("clone-name");
        name.textProperty().bindBidirectional(vm.nameProperty());

        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(6);
        grid.addRow(0, new Label("Original VM:"), original);
        grid.addRow(1, new Label("Name:"), name);

        Label container = new Label("A container's clone copies its definition only: its filesystems are "
                + "shared with the original.");
        container.setWrapText(true);
        container.visibleProperty().bind(vm.containerProperty());
        container.managedProperty().bind(vm.containerProperty());
        Label sysprep = new Label("Cloning does not alter the guest OS contents. If you need to do things like "
                + "change passwords or static IPs, please see the virt-sysprep(1) tool.");
        sysprep.setWrapText(true);
        Label error = ModalStages.errorLabel();

        VBox content = new VBox(8, grid, new Label("Storage:"), storageTable(vm), container, sysprep, error);
        content.setPadding(new Insets(10));
        Button[] buttons = ModalStages.cancelAnd("Clone", stage, error, () -> vm.problem().orElse(null),
                vm::cloneDomain);
        buttons[1].setId("clone-finish");
        buttons[1].disableProperty().bind(vm.readyProperty().not());
        stage.setScene(new Scene(new BorderPane(content, null, null, ModalStages.buttonRow(buttons), null), 560, 420));
        vm.load();
        stage.show();
        return stage;
    }

    private static TableView<CloneDisk> storageTable(CloneViewModel vm) {
        TableView<CloneDisk> table = new TableView<>(vm.disks());
        table.setId("clone-storage");
        table.setEditable(true);
        table.setPrefHeight(140);
        table.setPlaceholder(new Label("No storage"));
        TableColumn<CloneDisk, Boolean> clone = CheckColumn.of("Clone", CloneDisk::cloned, CloneDisk::cloneable);
        TableColumn<CloneDisk, String> path = new TableColumn<>("Storage");
        path.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().disk().path().orElse("(empty)")
                + " (" + c.getValue().disk().target() + ")"));
        path.setPrefWidth(300);
        TableColumn<CloneDisk, String> note = new TableColumn<>("Details");
        note.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().note()));
        note.setPrefWidth(180);
        table.getColumns().setAll(java.util.List.of(clone, path, note));
        return table;
    }
}
