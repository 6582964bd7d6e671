package org.virtfx.app.addconnection;

import java.util.Arrays;
import java.util.Optional;
import javafx.collections.FXCollections;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;
import javafx.util.StringConverter;
import org.virtfx.core.connect.DriverChoice;

/** The Add Connection dialog, laid out as virt-manager's. */
public final class AddConnectionView {
    private final AddConnectionViewModel viewModel;

    public AddConnectionView(AddConnectionViewModel viewModel) {
        this.viewModel = viewModel;
    }

    /** Shows the dialog; the request is present when the person pressed Connect. */
    public Optional<AddConnectionViewModel.Request> showAndWait(Window owner) {
        Dialog<AddConnectionViewModel.Request> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Add Connection");
        ButtonType connect = new ButtonType("Connect", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.CANCEL, connect);

        ComboBox<Hypervisor> hypervisor = new ComboBox<>(FXCollections.observableArrayList(Hypervisor.values()));
        hypervisor.setId("hypervisor");
        hypervisor.valueProperty().bindBidirectional(viewModel.hypervisorProperty());
        TextField custom = new TextField();
        custom.setId("custom-uri");
        custom.setPromptText("e.g. test:///default");
        custom.textProperty().bindBidirectional(viewModel.customUriProperty());
        CheckBox remote = new CheckBox("Connect to remote host over SSH");
        remote.selectedProperty().bindBidirectional(viewModel.remoteProperty());
        TextField user = new TextField();
        user.textProperty().bindBidirectional(viewModel.userProperty());
        TextField host = new TextField();
        host.setId("host");
        host.textProperty().bindBidirectional(viewModel.hostProperty());
        ComboBox<DriverChoice> driver = new ComboBox<>(FXCollections.observableArrayList(DriverChoice.values()));
        driver.setId("driver");
        driver.valueProperty().bindBidirectional(viewModel.driverProperty());
        driver.setConverter(new StringConverter<>() {
            @Override
            public String toString(DriverChoice choice) {
                return choice == null ? "" : AddConnectionViewModel.driverLabel(choice);
            }

            @Override
            public DriverChoice fromString(String text) {
                return Arrays.stream(DriverChoice.values()).filter(c -> toString(c).equals(text)).findFirst().orElse(null);
            }
        });
        CheckBox autoconnect = new CheckBox();
        autoconnect.selectedProperty().bindBidirectional(viewModel.autoconnectProperty());
        Label generated = new Label();
        generated.setId("generated-uri");
        generated.textProperty().bind(viewModel.generatedUriProperty());
        Label problem = new Label();
        problem.setStyle("-fx-text-fill: #b03020;");
        problem.textProperty().bind(viewModel.problemProperty());
        problem.setWrapText(true);
        problem.setMaxWidth(320);

        var notCustom = viewModel.customProperty().not();
        remote.disableProperty().bind(viewModel.customProperty());
        user.disableProperty().bind(viewModel.remoteProperty().not().or(viewModel.customProperty()));
        host.disableProperty().bind(viewModel.remoteProperty().not().or(viewModel.customProperty()));
        custom.visibleProperty().bind(viewModel.customProperty());
        custom.managedProperty().bind(viewModel.customProperty());
        Label customLabel = new Label("URI:");
        customLabel.visibleProperty().bind(viewModel.customProperty());
        customLabel.managedProperty().bind(viewModel.customProperty());
        generated.visibleProperty().bind(notCustom);

        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        grid.addRow(0, new Label("Hypervisor:"), hypervisor);
        grid.addRow(1, customLabel, custom);
        grid.add(remote, 0, 2, 2, 1);
        grid.addRow(3, new Label("Username:"), user);
        grid.addRow(4, new Label("Hostname:"), host);
        grid.add(new Separator(), 0, 5, 2, 1);
        grid.addRow(6, new Label("Driver:"), driver);
        grid.addRow(7, new Label("Autoconnect:"), autoconnect);
        grid.addRow(8, new Label("Generated URI:"), generated);
        grid.add(problem, 0, 9, 2, 1);
        dialog.getDialogPane().setContent(grid);
        dialog.getDialogPane().lookupButton(connect).disableProperty()
                .bind(viewModel.problemProperty().isNotEmpty());
        dialog.setResultConverter(button -> button == connect ? viewModel.request().orElse(null) : null);
        return dialog.showAndWait();
    }
}
