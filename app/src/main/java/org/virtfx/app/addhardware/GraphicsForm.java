package org.virtfx.app.addhardware;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.collections.FXCollections;
import javafx.scene.control.ComboBox;
import javafx.scene.control.PasswordField;
import org.virtfx.app.details.DeviceChoices;
import org.virtfx.app.details.FormGrid;

/** Add Hardware ▸ Graphics: type, listen type and address, port, password, as virt-manager lays it out. */
final class GraphicsForm {
    private GraphicsForm() {
    }

    static FormGrid fill(FormGrid grid, GraphicsDevice graphics) {
        BooleanBinding address = Bindings.createBooleanBinding(() -> "address".equals(graphics.listenProperty().get()),
                graphics.listenProperty());
        ComboBox<String> at = new ComboBox<>(FXCollections.observableArrayList(GraphicsDevice.ADDRESSES));
        at.setId("add-graphics-address");
        at.setEditable(true);
        at.setPromptText("Hypervisor default");
        at.valueProperty().bindBidirectional(graphics.addressProperty());
        PasswordField password = new PasswordField();
        password.setId("add-graphics-password");
        password.textProperty().bindBidirectional(graphics.passwordProperty());
        return grid.pick("Type:", "add-graphics-type", graphics.typeProperty(), DeviceChoices.GRAPHICS_TYPE.values())
                .pick("Listen type:", "add-graphics-listen", graphics.listenProperty(), GraphicsDevice.LISTEN_TYPES)
                .add("Address:", at).shownWhen(address)
                .check("Port: Auto", "add-graphics-autoport", graphics.autoportProperty()).shownWhen(address)
                .text("Port:", "add-graphics-port", graphics.portProperty()).shownWhen(address)
                .enabledWhen(graphics.autoportProperty().not())
                .add("Password:", password);
    }
}
