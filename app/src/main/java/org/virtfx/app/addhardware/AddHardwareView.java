package org.virtfx.app.addhardware;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.virtfx.app.ui.ModalStages;

/** "Add New Virtual Hardware": kinds on the left, the kind's form on the right, Cancel / Finish. */
public final class AddHardwareView {
    private final AddHardwareViewModel viewModel;
    private final Consumer<String> finish;

    /** @param finish receives the new device's XML */
    public AddHardwareView(AddHardwareViewModel viewModel, Consumer<String> finish) {
        this.viewModel = viewModel;
        this.finish = finish;
    }

    public Stage show(Window owner) {
        Stage stage = ModalStages.modal(owner, "Add New Virtual Hardware");
        ListView<NewDeviceKind> kinds = new ListView<>();
        kinds.setId("hardware-kinds");
        kinds.getItems().setAll(NewDeviceKind.values());
        kinds.setPrefWidth(150);
        kinds.getSelectionModel().select(viewModel.kindProperty().get());
        kinds.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null) {
                viewModel.kindProperty().set(now);
            }
        });
        Map<NewDeviceKind, Node> forms = new EnumMap<>(NewDeviceKind.class);
        forms.put(NewDeviceKind.STORAGE, grid(
                "Path:", text("add-disk-path", viewModel.diskPathProperty()),
                "Device type:", combo("add-disk-device", viewModel.diskDeviceProperty(), "disk", "cdrom"),
                "Bus type:", combo("add-disk-bus", viewModel.diskBusProperty(), "virtio", "sata", "scsi", "ide", "usb")));
        forms.put(NewDeviceKind.NETWORK, grid(
                "Network source:", combo("add-nic-type", viewModel.networkTypeProperty(), "network", "bridge"),
                "Name:", text("add-nic-source", viewModel.networkSourceProperty()),
                "MAC address:", text("add-nic-mac", viewModel.macProperty()),
                "Device model:", combo("add-nic-model", viewModel.networkModelProperty(), "virtio", "e1000e", "rtl8139")));
        forms.put(NewDeviceKind.CONSOLE, grid(
                "Device type:", new Label("Pseudo TTY (pty)"),
                "Target type:", combo("add-console-target", viewModel.consoleTargetProperty(), "serial", "virtio", "lxc")));
        CheckBox readOnly = new CheckBox("Export filesystem as readonly mount");
        readOnly.setId("add-fs-readonly");
        readOnly.selectedProperty().bindBidirectional(viewModel.fsReadOnlyProperty());
        forms.put(NewDeviceKind.FILESYSTEM, grid(
                "Source path:", text("add-fs-source", viewModel.fsSourceProperty()),
                "Target path:", text("add-fs-target", viewModel.fsTargetProperty()),
                "", readOnly));
        StackPane form = new StackPane();
        form.getChildren().setAll(forms.get(viewModel.kindProperty().get()));
        viewModel.kindProperty().addListener((o, was, now) -> form.getChildren().setAll(forms.get(now)));

        Label error = new Label();
        error.setId("add-hardware-error");
        error.getStyleClass().add("field-error");
        error.textProperty().bind(viewModel.errorProperty());
        Button cancel = new Button("Cancel");
        cancel.setCancelButton(true);
        cancel.setOnAction(e -> stage.close());
        Button done = new Button("Finish");
        done.setId("add-hardware-finish");
        done.setDefaultButton(true);
        done.setOnAction(e -> viewModel.deviceXml().ifPresent(xml -> {
            stage.close();
            finish.accept(xml);
        }));
        HBox buttons = new HBox(8, error, new javafx.scene.layout.Region(), cancel, done);
        HBox.setHgrow(buttons.getChildren().get(1), javafx.scene.layout.Priority.ALWAYS);
        buttons.setAlignment(Pos.CENTER_RIGHT);
        buttons.setPadding(new Insets(8));
        BorderPane root = new BorderPane(form, null, null, buttons, kinds);
        stage.setScene(new Scene(root, 640, 360));
        if (owner != null && owner.getScene() != null) {
            stage.getScene().getStylesheets().setAll(owner.getScene().getStylesheets());
        }
        stage.show();
        return stage;
    }

    private static TextField text(String id, javafx.beans.property.StringProperty value) {
        TextField field = new TextField();
        field.setId(id);
        field.textProperty().bindBidirectional(value);
        return field;
    }

    private static ComboBox<String> combo(String id, javafx.beans.property.StringProperty value, String... choices) {
        ComboBox<String> combo = new ComboBox<>();
        combo.setId(id);
        combo.setEditable(true);
        combo.getItems().setAll(choices);
        combo.valueProperty().bindBidirectional(value);
        return combo;
    }

    private static GridPane grid(Object... labelsAndFields) {
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(6);
        grid.setPadding(new Insets(10));
        for (int i = 0; i < labelsAndFields.length; i += 2) {
            grid.addRow(i / 2, new Label((String) labelsAndFields[i]), (Node) labelsAndFields[i + 1]);
        }
        return grid;
    }
}
