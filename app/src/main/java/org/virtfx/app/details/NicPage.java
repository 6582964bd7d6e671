package org.virtfx.app.details;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.xml.XmlElement;

/**
 * A network interface: source (a virtual network or a host bridge), device model, MAC address
 * and link state.
 */
public final class NicPage extends DetailsPage {
    private final StringProperty sourceType = new SimpleStringProperty("network");
    private final StringProperty source = new SimpleStringProperty("");
    private final StringProperty model = new SimpleStringProperty("");
    private final StringProperty mac = new SimpleStringProperty("");
    private final BooleanProperty linkUp = new SimpleBooleanProperty(true);

    public NicPage() {
        track(sourceType, source, model, mac, linkUp);
    }

    /** "network" or "bridge". */
    public StringProperty sourceTypeProperty() {
        return sourceType;
    }

    public StringProperty sourceProperty() {
        return source;
    }

    public StringProperty modelProperty() {
        return model;
    }

    public StringProperty macProperty() {
        return mac;
    }

    public BooleanProperty linkUpProperty() {
        return linkUp;
    }

    @Override
    protected void fill(DomainDocument document, DomainSummary summary, HardwareItem item) {
        XmlElement nic = document.device(item.element(), item.index());
        String type = nic.attribute("type").orElse("network");
        sourceType.set(type);
        XmlElement src = nic.child("source").orElse(new XmlElement("source"));
        source.set(src.attribute(type.equals("bridge") ? "bridge" : "network").orElse(""));
        model.set(nic.child("model").flatMap(m -> m.attribute("type")).orElse(""));
        mac.set(nic.child("mac").flatMap(m -> m.attribute("address")).orElse(""));
        linkUp.set(!nic.child("link").flatMap(l -> l.attribute("state")).orElse("up").equals("down"));
    }

    @Override
    public String applyTo(DomainDocument document) {
        return document.editedDevice(item().element(), item().index(), nic -> {
            String type = sourceType.get();
            boolean typeChanged = !nic.attribute("type").orElse("").equals(type);
            nic.setAttribute("type", type);
            XmlElement src = nic.child("source").orElseGet(() -> {
                XmlElement created = new XmlElement("source");
                XmlPlacement.afterLast(nic, created, "mac");
                return created;
            });
            if (typeChanged) {
                // A network's bridge attribute is the driver's live detail; a new source drops it.
                java.util.List.copyOf(src.attributes().keySet()).forEach(src::removeAttribute);
            }
            src.setAttribute(type.equals("bridge") ? "bridge" : "network", source.get().strip());
            if (!mac.get().isBlank()) {
                nic.child("mac").orElseGet(() -> {
                    XmlElement created = new XmlElement("mac");
                    nic.insert(0, created);
                    return created;
                }).setAttribute("address", mac.get().strip().toLowerCase(java.util.Locale.ROOT));
            }
            nic.child("model").ifPresent(nic::remove);
            if (!model.get().isBlank()) {
                XmlPlacement.afterLast(nic, new XmlElement("model").setAttribute("type", model.get().strip()),
                        "mac", "source", "target", "guest");
            }
            nic.child("link").ifPresent(nic::remove);
            if (!linkUp.get()) {
                XmlPlacement.afterLast(nic, new XmlElement("link").setAttribute("state", "down"),
                        "mac", "source", "target", "guest", "model", "driver", "filterref", "tune");
            }
        });
    }
}
