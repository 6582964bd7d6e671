package org.virtfx.app.addhardware;

import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.virtfx.app.details.DeviceChoices;
import org.virtfx.app.details.FieldValues;
import org.virtfx.core.xml.XmlElement;

/**
 * A graphical display, VNC or SPICE, as virt-manager's Graphics page sets it: where it listens,
 * its port and its password. VirtFX's default is a UNIX socket the hypervisor names, never an
 * open TCP port (the native QEMU driver takes nothing else); "address" is virt-manager's
 * listen type, with an automatic port unless one is given.
 */
public final class GraphicsDevice implements NewDevice {
    /** libvirt's listen types Add Hardware offers. */
    public static final List<String> LISTEN_TYPES = List.of("socket", "address", "none");
    /** The addresses virt-manager offers; blank is the hypervisor's default. */
    public static final List<String> ADDRESSES = List.of("", "127.0.0.1", "0.0.0.0", "::1", "::");

    private final StringProperty type = new SimpleStringProperty("vnc");
    private final StringProperty listen = new SimpleStringProperty("socket");
    private final StringProperty address = new SimpleStringProperty("");
    private final BooleanProperty autoport = new SimpleBooleanProperty(true);
    private final StringProperty port = new SimpleStringProperty("5900");
    private final StringProperty password = new SimpleStringProperty("");

    /** "vnc" or "spice". */
    public StringProperty typeProperty() {
        return type;
    }

    /** "socket", "address" or "none". */
    public StringProperty listenProperty() {
        return listen;
    }

    /** The address to listen on when listening on one; blank for the hypervisor's default. */
    public StringProperty addressProperty() {
        return address;
    }

    public BooleanProperty autoportProperty() {
        return autoport;
    }

    public StringProperty portProperty() {
        return port;
    }

    /** The password a viewer must give; blank for none. */
    public StringProperty passwordProperty() {
        return password;
    }

    @Override
    public XmlElement element() {
        XmlElement graphics = new XmlElement("graphics");
        DeviceChoices.GRAPHICS_TYPE.write(graphics, type.get());
        String how = FieldValues.oneOf("Listen type", listen.get(), LISTEN_TYPES);
        XmlElement listenElement = new XmlElement("listen").setAttribute("type", how);
        if (how.equals("address")) {
            if (autoport.get()) {
                graphics.setAttribute("port", "-1").setAttribute("autoport", "yes");
            } else {
                graphics.setAttribute("port", displayPort()).setAttribute("autoport", "no");
            }
            String at = address.get() == null ? "" : address.get().strip();
            if (!at.isEmpty()) {
                // libvirt mirrors the first address listen into the listen attribute when it formats.
                FieldValues.host("Address", at);
                graphics.setAttribute("listen", at);
                listenElement.setAttribute("address", at);
            }
        }
        String secret = password.get() == null ? "" : password.get();
        if (!secret.isEmpty()) {
            // VNC's authentication uses the first 8 bytes only; libvirt refuses longer ones for VNC.
            if (type.get().equals("vnc") && secret.length() > 8) {
                throw FieldValues.invalid("Password: VNC passwords are at most 8 characters");
            }
            graphics.setAttribute("passwd", secret);
        }
        return graphics.append(listenElement);
    }

    /** A fixed port: 5900 is display :0, and libvirt refuses ports below it. */
    private String displayPort() {
        String p = port.get() == null ? "" : port.get().strip();
        if (!p.matches("\\d{1,5}") || Integer.parseInt(p) < 5900 || Integer.parseInt(p) > 65535) {
            throw FieldValues.invalid("Port: give a number from 5900 to 65535, or choose Auto");
        }
        return p;
    }
}
