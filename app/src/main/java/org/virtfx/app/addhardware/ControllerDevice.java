package org.virtfx.app.addhardware;

import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.virtfx.app.details.AttributeChoice;
import org.virtfx.app.details.DeviceChoices;
import org.virtfx.app.details.DomainDocument;
import org.virtfx.app.details.FieldValues;
import org.virtfx.core.xml.XmlElement;

/**
 * A controller of a type, with virt-manager's model for it (qemu-xhci for USB, virtio-scsi for
 * SCSI), at the first index no controller of that type uses.
 */
public final class ControllerDevice implements NewDevice {
    private final DomainDocument domain;
    private final StringProperty type = new SimpleStringProperty("usb");
    private final StringProperty model = new SimpleStringProperty("");
    private final ObservableList<String> models = FXCollections.observableArrayList();

    ControllerDevice(DomainDocument domain) {
        this.domain = domain;
        type.addListener((obs, was, now) -> typeChanged(now));
        typeChanged(type.get());
    }

    /** "usb", "scsi", "virtio-serial"... */
    public StringProperty typeProperty() {
        return type;
    }

    /** Blank for the hypervisor's default. */
    public StringProperty modelProperty() {
        return model;
    }

    /** The models the chosen type allows. */
    public ObservableList<String> models() {
        return models;
    }

    private void typeChanged(String now) {
        models.setAll(DeviceChoices.controllerModels(now == null ? "" : now));
        model.set(switch (now == null ? "" : now) {
            case "usb" -> "qemu-xhci";
            case "scsi" -> "virtio-scsi";
            default -> "";
        });
    }

    @Override
    public XmlElement element() {
        String t = FieldValues.oneOf("Type", type.get(), DeviceChoices.CONTROLLER_TYPES);
        XmlElement controller = new XmlElement("controller").setAttribute("type", t)
                .setAttribute("index", String.valueOf(freeIndex(t)));
        new AttributeChoice("model", "Model", models, false).write(controller, model.get());
        return controller;
    }

    private int freeIndex(String t) {
        return domain.devices("controller").stream().filter(c -> c.attribute("type").orElse("").equals(t))
                .mapToInt(c -> Integer.parseInt(c.attribute("index").orElse("0")) + 1).max().orElse(0);
    }
}
