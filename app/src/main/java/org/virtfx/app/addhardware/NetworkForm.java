package org.virtfx.app.addhardware;

import javafx.beans.binding.Bindings;
import javafx.scene.control.ComboBox;
import org.virtfx.app.details.FormGrid;

/** Add Hardware ▸ Network's source list, with "Device name" for a bridge or macvtap device. */
final class NetworkForm {
    private NetworkForm() {
    }

    static FormGrid fill(FormGrid grid, NetworkDevice network) {
        ComboBox<NicSource> source = new ComboBox<>(network.sources());
        source.setId("add-nic-source");
        source.valueProperty().bindBidirectional(network.sourceProperty());
        return grid.add("Network source:", source)
                .text("Device name:", "add-nic-device", network.deviceProperty())
                .shownWhen(Bindings.createBooleanBinding(() -> network.sourceProperty().get() != null
                        && network.sourceProperty().get().namesDevice(), network.sourceProperty()));
    }
}
