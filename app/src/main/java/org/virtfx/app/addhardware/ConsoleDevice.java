package org.virtfx.app.addhardware;

import java.util.List;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.virtfx.app.details.FieldValues;
import org.virtfx.core.xml.XmlElement;

/** A text console on a host pseudo TTY; its guest side is a serial port, virtio or LXC's. */
public final class ConsoleDevice implements NewDevice {
    public static final List<String> TARGETS = List.of("serial", "virtio", "lxc");

    private final StringProperty target;

    ConsoleDevice(boolean container) {
        target = new SimpleStringProperty(container ? "lxc" : "serial");
    }

    public StringProperty targetProperty() {
        return target;
    }

    @Override
    public XmlElement element() {
        return new XmlElement("console").setAttribute("type", "pty").append(new XmlElement("target")
                .setAttribute("type", FieldValues.oneOf("Target type", target.get(), TARGETS)));
    }
}
