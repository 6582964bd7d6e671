package org.virtfx.app.addhardware;

import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.virtfx.app.details.FieldValues;
import org.virtfx.core.xml.XmlElement;

/**
 * A character device (serial port, parallel port, USB redirection) and its host side, as
 * virt-manager's char device pages set it: a pseudo TTY, a host device, file or pipe by path, a
 * UNIX socket, or a TCP socket that listens or connects, raw or telnet.
 */
public final class CharDevice implements NewDevice {
    /** The host sides of serial and parallel ports, virt-manager's order. */
    public static final List<String> PORT_TYPES = List.of("pty", "dev", "file", "pipe", "unix", "tcp");
    /** A USB device redirected from the SPICE client, or from a usbredir server over TCP. */
    public static final List<String> REDIRECTION_TYPES = List.of("spicevmc", "tcp");
    public static final List<String> MODES = List.of("bind", "connect");

    private final String element;
    private final List<String> types;
    private final boolean usbBus;
    private final StringProperty type;
    private final StringProperty path = new SimpleStringProperty("");
    private final StringProperty mode;
    private final StringProperty host;
    private final StringProperty port;
    private final BooleanProperty telnet = new SimpleBooleanProperty(false);

    private CharDevice(String element, List<String> types, boolean usbBus, String mode, String host, String port) {
        this.element = element;
        this.types = types;
        this.usbBus = usbBus;
        this.type = new SimpleStringProperty(types.get(0));
        this.mode = new SimpleStringProperty(mode);
        this.host = new SimpleStringProperty(host);
        this.port = new SimpleStringProperty(port);
    }

    /** A serial or parallel port: virt-manager's defaults, a pty, or a TCP server on 127.0.0.1:4555. */
    static CharDevice port(String element) {
        return new CharDevice(element, PORT_TYPES, false, "bind", "127.0.0.1", "4555");
    }

    /** USB redirection: from the SPICE client, or connecting to a usbredir server (localhost:4000). */
    static CharDevice usbRedirection() {
        return new CharDevice("redirdev", REDIRECTION_TYPES, true, "connect", "localhost", "4000");
    }

    /** "serial", "parallel" or "redirdev". */
    public String elementName() {
        return element;
    }

    public List<String> types() {
        return types;
    }

    /** Whether the host side is chosen by bind or connect (only ports; redirection always connects). */
    public boolean offersMode() {
        return !usbBus;
    }

    public StringProperty typeProperty() {
        return type;
    }

    /** The host device, file, pipe or socket path. */
    public StringProperty pathProperty() {
        return path;
    }

    /** "bind" (listen) or "connect", for sockets. */
    public StringProperty modeProperty() {
        return mode;
    }

    public StringProperty hostProperty() {
        return host;
    }

    public StringProperty portProperty() {
        return port;
    }

    /** TCP with the telnet protocol instead of raw bytes. */
    public BooleanProperty telnetProperty() {
        return telnet;
    }

    /** Whether the chosen type takes a path. */
    public static boolean takesPath(String type) {
        return List.of("dev", "file", "pipe", "unix").contains(type);
    }

    /** Whether the chosen type takes bind or connect. */
    public static boolean takesMode(String type) {
        return List.of("unix", "tcp").contains(type);
    }

    @Override
    public XmlElement element() {
        XmlElement device = new XmlElement(element);
        if (usbBus) {
            device.setAttribute("bus", "usb");
        }
        String kind = FieldValues.oneOf("Device type", type.get(), types);
        device.setAttribute("type", kind);
        String how = usbBus ? "connect" : mode.get();
        switch (kind) {
            case "dev", "file", "pipe" -> device.append(new XmlElement("source")
                    .setAttribute("path", FieldValues.absolutePath("Path", path.get())));
            case "unix" -> device.append(new XmlElement("source").setAttribute("mode", FieldValues.oneOf("Mode", how, MODES))
                    .setAttribute("path", FieldValues.absolutePath("Path", path.get())));
            case "tcp" -> device.append(new XmlElement("source").setAttribute("mode", FieldValues.oneOf("Mode", how, MODES))
                    .setAttribute("host", FieldValues.host("Host", host.get()))
                    .setAttribute("service", FieldValues.port("Port", port.get())))
                    .append(new XmlElement("protocol").setAttribute("type", telnet.get() && !usbBus ? "telnet" : "raw"));
            default -> {
                // pty and spicevmc: the hypervisor makes the host side.
            }
        }
        return device;
    }
}
