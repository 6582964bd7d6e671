package org.virtfx.app.addhardware;

import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.virtfx.app.details.DeviceChoices;
import org.virtfx.app.details.FieldValues;
import org.virtfx.core.xml.XmlElement;

/** A video device of a model; libvirt fills in the model's heads and memory. */
public final class VideoDevice implements NewDevice {
    private final StringProperty model = new SimpleStringProperty("virtio");

    public StringProperty modelProperty() {
        return model;
    }

    @Override
    public XmlElement element() {
        return new XmlElement("video").append(new XmlElement("model")
                .setAttribute("type", FieldValues.oneOf("Model", model.get(), DeviceChoices.VIDEO_MODELS)));
    }
}
