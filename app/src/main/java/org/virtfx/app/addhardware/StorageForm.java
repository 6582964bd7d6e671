package org.virtfx.app.addhardware;

import javafx.scene.control.ComboBox;
import javafx.scene.control.RadioButton;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.ToggleGroup;
import org.virtfx.app.details.FormGrid;

/** Add Hardware ▸ Storage's choice of a new image or custom storage, as virt-manager lays it out. */
final class StorageForm {
    private static final double MAX_GIB = 1 << 20;

    private StorageForm() {
    }

    static FormGrid fill(FormGrid grid, StorageDevice storage) {
        ToggleGroup how = new ToggleGroup();
        RadioButton create = new RadioButton("Create a disk image for the virtual machine");
        create.setId("add-disk-create");
        create.setToggleGroup(how);
        RadioButton custom = new RadioButton("Select or create custom storage");
        custom.setId("add-disk-custom");
        custom.setToggleGroup(how);
        (storage.createImageProperty().get() ? create : custom).setSelected(true);
        storage.createImageProperty().addListener((o, was, now) -> (now ? create : custom).setSelected(true));
        create.selectedProperty().addListener((o, was, now) -> storage.createImageProperty().set(now));

        Spinner<Double> size = new Spinner<>(new SpinnerValueFactory.DoubleSpinnerValueFactory(0.1, MAX_GIB,
                storage.sizeGiBProperty().get(), 1.0));
        size.setId("add-disk-size");
        size.setEditable(true);
        size.valueProperty().addListener((o, was, now) -> {
            if (now != null) {
                storage.sizeGiBProperty().set(now);
            }
        });
        ComboBox<String> path = new ComboBox<>(storage.volumes());
        path.setId("add-disk-path");
        path.setEditable(true);
        path.setPromptText("/var/lib/libvirt/images/data.qcow2");
        path.valueProperty().bindBidirectional(storage.pathProperty());
        return grid.add("", create).add("Size (GiB):", size).enabledWhen(storage.createImageProperty())
                .note(storage.poolHintProperty()).add("", custom)
                .add("Path:", path).enabledWhen(storage.createImageProperty().not());
    }
}
