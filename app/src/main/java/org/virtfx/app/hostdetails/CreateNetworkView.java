package org.virtfx.app.hostdetails;

import java.util.function.Consumer;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.virtfx.app.ui.ModalStages;

/** "Create a new virtual network": one page with the mode's fields, Cancel / Finish. */
public final class CreateNetworkView {
    private final CreateNetworkViewModel viewModel;
    private final Consumer<String> finish;

    public CreateNetworkView(CreateNetworkViewModel viewModel, Consumer<String> finish) {
        this.viewModel = viewModel;
        this.finish = finish;
    }

    public Stage show(Window owner) {
        Stage stage = ModalStages.modal(owner, "Create a new virtual network");
        GridPane grid = ModalStages.formGrid();
        TextField name = bound("net-name", viewModel.nameProperty());
        ComboBox<NetworkMode> mode = new ComboBox<>();
        mode.setId("net-mode");
        mode.getItems().setAll(NetworkMode.values());
        mode.valueProperty().bindBidirectional(viewModel.modeProperty());
        TextField ipv4 = bound("net-ipv4", viewModel.ipv4Property());
        CheckBox dhcp = checked("net-dhcp", "Enable DHCPv4", viewModel.dhcpProperty());
        TextField start = bound("net-dhcp-start", viewModel.dhcpStartProperty());
        TextField end = bound("net-dhcp-end", viewModel.dhcpEndProperty());
        CheckBox ipv6Enabled = checked("net-ipv6-enable", "Enable IPv6", viewModel.ipv6EnabledProperty());
        TextField ipv6 = bound("net-ipv6", viewModel.ipv6Property());
        CheckBox dhcpv6 = checked("net-dhcp6", "Enable DHCPv6", viewModel.dhcpv6Property());
        TextField start6 = bound("net-dhcp6-start", viewModel.dhcpv6StartProperty());
        TextField end6 = bound("net-dhcp6-end", viewModel.dhcpv6EndProperty());
        TextField bridge = bound("net-bridge", viewModel.bridgeProperty());
        var isBridge = viewModel.modeProperty().isEqualTo(NetworkMode.BRIDGE);
        ipv4.disableProperty().bind(isBridge);
        dhcp.disableProperty().bind(isBridge);
        start.disableProperty().bind(isBridge.or(dhcp.selectedProperty().not()));
        end.disableProperty().bind(start.disableProperty());
        ipv6Enabled.disableProperty().bind(isBridge);
        ipv6.disableProperty().bind(isBridge.or(ipv6Enabled.selectedProperty().not()));
        dhcpv6.disableProperty().bind(ipv6.disableProperty());
        start6.disableProperty().bind(ipv6.disableProperty().or(dhcpv6.selectedProperty().not()));
        end6.disableProperty().bind(start6.disableProperty());
        bridge.disableProperty().bind(isBridge.not());
        int row = 0;
        grid.addRow(row++, new Label("Name:"), name);
        grid.addRow(row++, new Label("Mode:"), mode);
        grid.addRow(row++, new Label("IPv4 network:"), ipv4);
        grid.addRow(row++, new Label(""), dhcp);
        grid.addRow(row++, new Label("DHCP start:"), start);
        grid.addRow(row++, new Label("DHCP end:"), end);
        grid.addRow(row++, new Label(""), ipv6Enabled);
        grid.addRow(row++, new Label("IPv6 network:"), ipv6);
        grid.addRow(row++, new Label(""), dhcpv6);
        grid.addRow(row++, new Label("DHCPv6 start:"), start6);
        grid.addRow(row++, new Label("DHCPv6 end:"), end6);
        grid.addRow(row++, new Label("Host bridge:"), bridge);
        Label error = ModalStages.errorLabel();
        error.setId("net-error");
        error.textProperty().bind(viewModel.errorProperty());
        grid.add(error, 0, row, 2, 1);
        Button cancel = new Button("Cancel");
        cancel.setCancelButton(true);
        cancel.setOnAction(e -> stage.close());
        Button done = new Button("Finish");
        done.setId("net-finish");
        done.setDefaultButton(true);
        done.setOnAction(e -> viewModel.networkXml().ifPresent(xml -> {
            stage.close();
            finish.accept(xml);
        }));
        stage.setScene(new Scene(new BorderPane(grid, null, null,
                ModalStages.buttonRow(cancel, done), null), 480, 540));
        if (owner != null && owner.getScene() != null) {
            stage.getScene().getStylesheets().setAll(owner.getScene().getStylesheets());
        }
        stage.show();
        return stage;
    }

    private static TextField bound(String id, javafx.beans.property.StringProperty value) {
        TextField field = new TextField();
        field.setId(id);
        field.textProperty().bindBidirectional(value);
        return field;
    }

    private static CheckBox checked(String id, String label, javafx.beans.property.BooleanProperty value) {
        CheckBox box = new CheckBox(label);
        box.setId(id);
        box.selectedProperty().bindBidirectional(value);
        return box;
    }
}
