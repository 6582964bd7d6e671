package org.virtfx.app.addhardware;

import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Label;
import org.virtfx.app.details.DeviceChoices;
import org.virtfx.app.details.DeviceForms;
import org.virtfx.app.details.FormGrid;

/** The form of each kind in Add Hardware, bound to that kind's fields. */
final class NewDeviceForms {
    private NewDeviceForms() {
    }

    static Node form(AddHardwareViewModel vm, NewDeviceKind kind) {
        FormGrid grid = new FormGrid().heading(kind.toString());
        switch (kind) {
            case STORAGE -> StorageForm.fill(grid, vm.storage())
                    .pick("Device type:", "add-disk-device", vm.storage().deviceProperty(),
                            List.of("disk", "cdrom"))
                    .pick("Bus type:", "add-disk-bus", vm.storage().busProperty(),
                            List.of("virtio", "sata", "scsi", "ide", "usb"))
                    .pick("Cache mode:", "add-disk-cache", vm.storage().cacheProperty(), StorageDevice.CACHE_MODES);
            case GRAPHICS -> GraphicsForm.fill(grid, vm.graphics());
            case USB_HOST, PCI_HOST -> HostDeviceForm.fill(grid, vm.hostDevice(kind), vm.unavailable(kind));
            case MDEV_HOST -> HostDeviceForm.fill(grid, vm.mediatedDevice(), vm.unavailable(kind));
            case SERIAL, PARALLEL, USB_REDIRECTION -> CharForm.fill(grid, vm.charDevice(kind),
                    "add-" + vm.charDevice(kind).elementName() + "-");
            case NETWORK -> NetworkForm.fill(grid, vm.network())
                    .text("MAC address:", "add-nic-mac", vm.network().macProperty())
                    .choice("Device model:", "add-nic-model", vm.network().modelProperty(), "virtio", "e1000e",
                            "rtl8139");
            case CONSOLE -> grid.add("Device type:", new Label("Pseudo TTY (pty)"))
                    .pick("Target type:", "add-console-target", vm.console().targetProperty(), ConsoleDevice.TARGETS);
            case FILESYSTEM -> grid.text("Source path:", "add-fs-source", vm.filesystem().sourceProperty())
                    .text("Target path:", "add-fs-target", vm.filesystem().targetProperty())
                    .check("Export filesystem as readonly mount", "add-fs-readonly", vm.filesystem().readOnlyProperty());
            case CONTROLLER -> grid.pick("Type:", "add-controller-type", vm.controller().typeProperty(),
                            DeviceChoices.CONTROLLER_TYPES)
                    .pick("Model:", "add-controller-model", vm.controller().modelProperty(), vm.controller().models());
            case CHANNEL -> grid.pick("Name:", "add-channel-name", vm.channel().nameProperty(),
                    DeviceChoices.CHANNEL_NAMES);
            case VIDEO -> grid.pick("Model:", "add-video-model", vm.video().modelProperty(), DeviceChoices.VIDEO_MODELS);
            case SMARTCARD -> grid.pick("Mode:", "add-smartcard-mode", vm.smartcard().modeProperty(),
                    DeviceChoices.SMARTCARD_MODE.values());
            case TPM -> DeviceForms.tpm(grid, vm.tpm().fields(), "add-tpm-");
            case RNG -> DeviceForms.rngBackend(grid, vm.rng().backend(), "add-rng-");
            case VSOCK -> grid.check("Set the guest CID automatically", "add-vsock-auto", vm.vsock().autoCidProperty())
                    .text("Guest CID:", "add-vsock-cid", vm.vsock().cidProperty())
                    .enabledWhen(vm.vsock().autoCidProperty().not());
            default -> choices(grid, vm.choices(kind));
        }
        return grid.node();
    }

    private static void choices(FormGrid grid, ChoicesDevice device) {
        device.choices().forEach((choice, value) -> grid.pick(choice.label() + ":",
                "add-" + device.elementName() + "-" + choice.attribute(), value, choice.values()));
    }
}
