package org.virtfx.app.addhardware;

import javafx.beans.binding.Bindings;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import org.virtfx.app.details.FormGrid;
import org.virtfx.core.host.HostDevice;

/** Add Hardware ▸ USB or PCI Host Device: the host's devices, one to pick, as virt-manager lists them. */
final class HostDeviceForm {
    private HostDeviceForm() {
    }

    static FormGrid fill(FormGrid grid, HostDeviceChoice choice) {
        ListView<HostDevice> list = new ListView<>(choice.devices());
        list.setId(choice.kind() == HostDevice.Kind.USB ? "add-usb-host-devices" : "add-pci-host-devices");
        list.setPrefHeight(260);
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(HostDevice device, boolean empty) {
                super.updateItem(device, empty);
                setText(empty || device == null ? null : device.label());
            }
        });
        list.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> choice.selectedProperty().set(now));
        choice.selectedProperty().addListener((o, was, now) -> {
            if (now != list.getSelectionModel().getSelectedItem()) {
                list.getSelectionModel().select(now);
            }
        });
        return grid.add("Host Device:", list).note(Bindings.createStringBinding(() -> choice.devices().isEmpty()
                ? "No " + choice.kind() + " devices listed for this connection's host" : "", choice.devices()));
    }
}
