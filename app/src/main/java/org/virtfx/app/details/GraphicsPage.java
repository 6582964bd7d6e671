package org.virtfx.app.details;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.xml.XmlElement;

/** A graphical display: its type (shown), listen address, and automatic or fixed port. */
public final class GraphicsPage extends DetailsPage {
    private final ReadOnlyStringWrapper type = new ReadOnlyStringWrapper("");
    private final StringProperty listen = new SimpleStringProperty("");
    private final BooleanProperty autoport = new SimpleBooleanProperty(true);
    private final StringProperty port = new SimpleStringProperty("");

    public GraphicsPage() {
        track(listen, autoport, port);
    }

    public ReadOnlyStringProperty typeProperty() {
        return type.getReadOnlyProperty();
    }

    public StringProperty listenProperty() {
        return listen;
    }

    public BooleanProperty autoportProperty() {
        return autoport;
    }

    public StringProperty portProperty() {
        return port;
    }

    @Override
    protected void fill(DomainDocument document, DomainSummary summary, HardwareItem item) {
        XmlElement graphics = document.device(item.element(), item.index());
        type.set(graphics.attribute("type").orElse(""));
        listen.set(graphics.attribute("listen").or(() -> graphics.child("listen").flatMap(l -> l.attribute("address")))
                .orElse(""));
        autoport.set(!graphics.attribute("autoport").orElse("yes").equals("no")
                && graphics.attribute("port").map(p -> p.equals("-1")).orElse(true));
        port.set(graphics.attribute("port").filter(p -> !p.equals("-1")).orElse(""));
    }

    @Override
    public String applyTo(DomainDocument document) {
        if (!autoport.get() && !port.get().strip().matches("\\d{1,5}")) {
            throw VirtException.of(ErrorCode.INVALID_ARG, "The port must be a number, such as 5901");
        }
        return document.editedDevice(item().element(), item().index(), graphics -> {
            if (autoport.get()) {
                graphics.setAttribute("port", "-1");
                graphics.setAttribute("autoport", "yes");
            } else {
                graphics.setAttribute("port", port.get().strip());
                graphics.setAttribute("autoport", "no");
            }
            String address = listen.get().strip();
            // libvirt mirrors the first <listen type='address'> into the listen attribute.
            if (address.isEmpty()) {
                graphics.removeAttribute("listen");
                graphics.children("listen").forEach(graphics::remove);
            } else {
                graphics.setAttribute("listen", address);
                graphics.children("listen").forEach(graphics::remove);
                graphics.insert(0, new XmlElement("listen").setAttribute("type", "address")
                        .setAttribute("address", address));
            }
        });
    }
}
