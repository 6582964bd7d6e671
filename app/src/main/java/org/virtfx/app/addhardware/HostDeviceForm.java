package org.virtfx.app.addhardware;

import java.util.Optional;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.value.ObservableValue;
import javafx.collections.ObservableList;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import org.virtfx.app.details.FormGrid;
import org.virtfx.core.host.HostDevice;
import org.virtfx.core.host.MediatedDevice;

/** Add Hardware ▸ USB, PCI or MDEV Host Device: the host's devices, one to pick, as virt-manager lists them. */
final class HostDeviceForm {
    private HostDeviceForm() {
    }

    /** @param unavailable why the connection cannot attach this kind, said instead of an empty list's note */
    static FormGrid fill(FormGrid grid, HostDeviceChoice choice, Optional<String> unavailable) {
        return pick(grid, choice.kind() == HostDevice.Kind.USB ? "add-usb-host-devices" : "add-pci-host-devices",
                choice.devices(), choice.selectedProperty(), HostDevice::label,
                unavailable.<ObservableValue<String>>map(SimpleStringProperty::new).orElseGet(() ->
                        Bindings.createStringBinding(() -> choice.devices().isEmpty()
                                ? "No " + choice.kind() + " devices listed for this connection's host" : "",
                                choice.devices())));
    }

    static FormGrid fill(FormGrid grid, MediatedDeviceChoice choice, Optional<String> unavailable) {
        return pick(grid, "add-mdev-host-devices", choice.devices(), choice.selectedProperty(), MediatedDevice::label,
                unavailable.<ObservableValue<String>>map(SimpleStringProperty::new).orElse(choice.noteProperty()));
    }

    private static <T> FormGrid pick(FormGrid grid, String id, ObservableList<T> devices, ObjectProperty<T> selected,
                                     Function<T, String> label, ObservableValue<String> note) {
        ListView<T> list = new ListView<>(devices);
        list.setId(id);
        list.setPrefHeight(260);
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(T device, boolean empty) {
                super.updateItem(device, empty);
                setText(empty || device == null ? null : label.apply(device));
            }
        });
        list.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> selected.set(now));
        selected.addListener((o, was, now) -> {
            if (now != list.getSelectionModel().getSelectedItem()) {
                list.getSelectionModel().select(now);
            }
        });
        return grid.add("Host Device:", list).note(note);
    }
}
