package org.virtfx.app.details;

import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;
import org.virtfx.core.xml.XmlElement;

/**
 * The fields of an RNG's {@code <backend>}, for the RNG page and Add Hardware alike: a host
 * random source ({@code model='random'}, the path as text) or an EGD daemon at host:port over
 * TCP or UDP ({@code model='egd'}), written as virt-manager writes them.
 */
public final class RngBackendFields {
    private final StringProperty backend;
    private final StringProperty sourcePath;
    private final StringProperty transport = new SimpleStringProperty("tcp");
    private final StringProperty host = new SimpleStringProperty("");
    private final StringProperty port = new SimpleStringProperty("");
    private final BooleanBinding random;

    public RngBackendFields(String backend, String sourcePath) {
        this.backend = new SimpleStringProperty(backend);
        this.sourcePath = new SimpleStringProperty(sourcePath);
        random = this.backend.isEqualTo("random");
    }

    /** "random" or "egd". */
    public StringProperty backendProperty() {
        return backend;
    }

    /** /dev/urandom, /dev/random or /dev/hwrng; for a random backend. */
    public StringProperty sourcePathProperty() {
        return sourcePath;
    }

    /** "tcp" or "udp"; for an EGD backend, as are host and port. */
    public StringProperty transportProperty() {
        return transport;
    }

    public StringProperty hostProperty() {
        return host;
    }

    public StringProperty portProperty() {
        return port;
    }

    /** True for a random backend; the form shows the EGD fields otherwise. */
    public BooleanBinding randomProperty() {
        return random;
    }

    ObservableValue<?>[] all() {
        return new ObservableValue<?>[] {backend, sourcePath, transport, host, port};
    }

    void load(XmlElement element) {
        backend.set(element.attribute("model").orElse(""));
        boolean isRandom = backend.get().equals("random");
        sourcePath.set(isRandom ? element.text() : "");
        transport.set(isRandom ? "tcp" : element.attribute("type").orElse("tcp"));
        XmlElement source = connectSource(element);
        host.set(source.attribute("host").orElse(""));
        port.set(source.attribute("service").orElse(""));
    }

    /** A new backend element from the fields. */
    public XmlElement element() {
        if (FieldValues.oneOf("Backend", backend.get(), DeviceChoices.RNG_BACKENDS).equals("random")) {
            return new XmlElement("backend").setAttribute("model", "random")
                    .setText(FieldValues.absolutePath("Source path", sourcePath.get()));
        }
        XmlElement egd = new XmlElement("backend").setAttribute("model", "egd");
        pointEgd(egd);
        return egd;
    }

    /**
     * Writes the fields into {@code rng}'s backend: an EGD backend that stays one keeps what else
     * it holds (a bind source, a reconnect timeout); any other change is a new backend.
     */
    void applyTo(XmlElement rng) {
        XmlElement existing = rng.child("backend").orElseThrow();
        boolean stillEgd = backend.get().equals("egd") && existing.attribute("model").orElse("").equals("egd");
        if (stillEgd) {
            pointEgd(existing);
        } else if (!backend.get().equals(existing.attribute("model").orElse("")) || backend.get().equals("random")) {
            rng.replace(existing, element());
        }
    }

    /** libvirt reads the {@code mode='connect'} source as the daemon's address. */
    private void pointEgd(XmlElement egd) {
        String type = FieldValues.oneOf("Transport", transport.get(), DeviceChoices.EGD_TRANSPORTS);
        String h = FieldValues.host("Host", host.get());
        String p = FieldValues.port("Port", port.get());
        egd.setAttribute("type", type);
        XmlElement source = connectSource(egd);
        if (egd.contentIndex(source) < 0) {
            egd.append(source.setAttribute("mode", "connect"));
        }
        source.setAttribute("host", h).setAttribute("service", p);
        if (type.equals("tcp") && egd.child("protocol").isEmpty()) {
            egd.append(new XmlElement("protocol").setAttribute("type", "raw"));
        }
    }

    /** The source an EGD backend connects through; a new, unattached one when it has none. */
    private static XmlElement connectSource(XmlElement egd) {
        return egd.children("source").stream()
                .filter(s -> s.attribute("mode").orElse("connect").equals("connect")).findFirst()
                .orElseGet(() -> new XmlElement("source"));
    }
}
