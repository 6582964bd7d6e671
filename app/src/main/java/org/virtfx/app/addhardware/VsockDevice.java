package org.virtfx.app.addhardware;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.virtfx.app.details.FieldValues;
import org.virtfx.core.xml.XmlElement;

/** A virtio VSOCK device; its guest context id is picked by libvirt or given. */
public final class VsockDevice implements NewDevice {
    private final BooleanProperty autoCid = new SimpleBooleanProperty(true);
    private final StringProperty cid = new SimpleStringProperty("3");

    public BooleanProperty autoCidProperty() {
        return autoCid;
    }

    public StringProperty cidProperty() {
        return cid;
    }

    @Override
    public XmlElement element() {
        XmlElement cidElement = new XmlElement("cid").setAttribute("auto", autoCid.get() ? "yes" : "no");
        if (!autoCid.get()) {
            String value = cid.get().strip();
            // 0 to 2 are the hypervisor's, the host's and reserved: a guest's id starts at 3.
            if (!value.matches("\\d{1,10}") || Long.parseLong(value) < 3 || Long.parseLong(value) > 0xFFFFFFFFL) {
                throw FieldValues.invalid("Guest CID: give a number of 3 or more");
            }
            cidElement.setAttribute("address", value);
        }
        return new XmlElement("vsock").setAttribute("model", "virtio").append(cidElement);
    }
}
