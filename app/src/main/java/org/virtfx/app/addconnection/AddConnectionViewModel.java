package org.virtfx.app.addconnection;

import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.virtfx.core.connect.ConnectionUri;
import org.virtfx.core.connect.DriverChoice;
import org.virtfx.core.error.VirtException;

/**
 * The Add Connection dialog's state: hypervisor, SSH user and host, autoconnect, or a custom
 * URI; and the URI they generate, live, as virt-manager shows it under "Generated URI".
 */
public final class AddConnectionViewModel {
    private final ObjectProperty<Hypervisor> hypervisor = new SimpleObjectProperty<>(Hypervisor.QEMU_SYSTEM);
    private final BooleanProperty remote = new SimpleBooleanProperty();
    private final StringProperty user = new SimpleStringProperty("");
    private final StringProperty host = new SimpleStringProperty("");
    private final BooleanProperty autoconnect = new SimpleBooleanProperty(true);
    private final ObjectProperty<DriverChoice> driver = new SimpleObjectProperty<>(DriverChoice.AUTO);
    private final StringProperty customUri = new SimpleStringProperty("");
    private final StringBinding generatedUri;
    private final StringBinding problem;
    private final BooleanBinding custom;

    /** What the dialog hands back: the URI to add, whether it connects at start-up, and which driver serves it. */
    public record Request(String uri, boolean autoconnect, DriverChoice driver) {
    }

    public AddConnectionViewModel() {
        custom = hypervisor.isEqualTo(Hypervisor.CUSTOM);
        generatedUri = Bindings.createStringBinding(this::generate, hypervisor, remote, user, host, customUri);
        problem = Bindings.createStringBinding(this::check, generatedUri, remote, host, hypervisor, driver);
    }

    public ObjectProperty<Hypervisor> hypervisorProperty() {
        return hypervisor;
    }

    public BooleanProperty remoteProperty() {
        return remote;
    }

    public StringProperty userProperty() {
        return user;
    }

    public StringProperty hostProperty() {
        return host;
    }

    public BooleanProperty autoconnectProperty() {
        return autoconnect;
    }

    /** Which driver serves the connection: auto (the default), libvirt or built-in. */
    public ObjectProperty<DriverChoice> driverProperty() {
        return driver;
    }

    /** The words the dialog shows for a driver choice. */
    public static String driverLabel(DriverChoice choice) {
        return switch (choice) {
            case AUTO -> "Automatic (libvirt where its daemon answers)";
            case LIBVIRT -> "libvirt";
            case BUILTIN -> "Built-in (VirtFX's own)";
        };
    }

    public StringProperty customUriProperty() {
        return customUri;
    }

    public BooleanBinding customProperty() {
        return custom;
    }

    public StringBinding generatedUriProperty() {
        return generatedUri;
    }

    /** Why Connect is not possible yet, or empty. */
    public StringBinding problemProperty() {
        return problem;
    }

    /** The request, when the input makes a valid URI. */
    public Optional<Request> request() {
        return problem.get().isEmpty() ? Optional.of(new Request(generatedUri.get(), autoconnect.get(), driver.get()))
                : Optional.empty();
    }

    private String generate() {
        Hypervisor h = hypervisor.get();
        if (h == Hypervisor.CUSTOM) {
            return customUri.get().strip();
        }
        if (!remote.get()) {
            return h.scheme() + "://" + h.path();
        }
        String userPart = user.get().isBlank() ? "" : user.get().strip() + "@";
        return h.scheme() + "+ssh://" + userPart + host.get().strip() + h.path();
    }

    private String check() {
        if (hypervisor.get() != Hypervisor.CUSTOM && remote.get() && host.get().isBlank()) {
            return "A hostname is needed to connect over SSH.";
        }
        String uri = generatedUri.get();
        if (uri.isEmpty()) {
            return "Enter a URI, such as qemu:///system.";
        }
        ConnectionUri parsed;
        try {
            parsed = ConnectionUri.parse(uri);
        } catch (VirtException e) {
            return e.getMessage();
        }
        if (driver.get() == DriverChoice.BUILTIN) {
            // The built-in drivers serve this host only (they decline remote URIs), and not every hypervisor.
            if (!parsed.isLocal()) {
                return "The built-in drivers manage this host only: choose libvirt or automatic to connect over "
                        + (parsed.transport().isEmpty() ? "the network" : parsed.transport().toUpperCase(java.util.Locale.ROOT)) + ".";
            }
            if (!hypervisor.get().builtin()) {
                return "The built-in drivers do not serve " + hypervisor.get() + ": choose libvirt or automatic.";
            }
        }
        return "";
    }
}
