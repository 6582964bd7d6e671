package org.virtfx.core.domain;

import java.util.List;
import java.util.Optional;
import org.virtfx.core.xml.XmlElement;

/**
 * The sources of character devices (serial, parallel, console and channel devices, and the
 * chardevs behind passthrough smart cards, USB redirection and EGD random number backends) for
 * the socket types libvirt checks: TCP, UDP and UNIX. libvirt reads each source into fixed
 * fields and writes them back with their defaults: a mode on every socket, TCP's protocol, UDP's
 * bind source before its connect source, and a UNIX socket without a path left out entirely.
 */
final class CharacterDevices {

    private static final List<String> CHARDEV_ELEMENTS = List.of("serial", "parallel", "console", "channel");

    private CharacterDevices() {
    }

    static void apply(XmlElement devices, String source) {
        for (XmlElement device : devices.children()) {
            if (CHARDEV_ELEMENTS.contains(device.name())) {
                normalize(device, source);
            } else if (device.name().equals("smartcard")
                    && device.attribute("mode").filter("passthrough"::equals).isPresent()) {
                normalize(device, source);
            } else if (device.name().equals("redirdev")) {
                normalize(device, source);
            } else if (device.name().equals("rng")) {
                device.children("backend").stream()
                        .filter(b -> b.attribute("model").filter("egd"::equals).isPresent())
                        .forEach(backend -> normalize(backend, source));
            }
        }
    }

    private static void normalize(XmlElement device, String source) {
        String type = device.attribute("type").orElse("");
        switch (type) {
            case "tcp" -> tcp(device, source);
            case "udp" -> udp(device, source);
            // libvirt's QEMU driver makes up a socket path for a channel, so only channels may omit it.
            case "unix" -> unix(device, device.name().equals("channel"), source);
            default -> {
                // Other types (pty, file, spicevmc...) are written back as they were read.
            }
        }
    }

    private static void tcp(XmlElement device, String source) {
        List<XmlElement> sources = device.children("source");
        if (sources.size() > 1) {
            throw DomainDefaults.invalid(source, sources.get(1),
                    "only one source element is allowed for device type 'tcp'");
        }
        XmlElement src = sources.isEmpty() ? null : sources.get(0);
        String mode = src == null ? "connect" : mode(src, source);
        if (src == null || src.attribute("host").isEmpty()) {
            throw DomainDefaults.invalid(source, src == null ? device : src,
                    "Missing source host attribute for char device");
        }
        if (src.attribute("service").isEmpty()) {
            throw DomainDefaults.invalid(source, src, "Missing source service attribute for char device");
        }
        reconnect(src, mode, source);
        src.setAttribute("mode", mode);
        src.orderAttributes(List.of("mode", "host", "service", "tls"));
        if (device.child("protocol").isEmpty()) {
            // libvirt writes TCP's wire protocol even when it is the default, raw.
            device.insert(device.contentIndex(src) + 1, new XmlElement("protocol").setAttribute("type", "raw"));
        }
    }

    private static void udp(XmlElement device, String source) {
        XmlElement bind = null;
        XmlElement connect = null;
        for (XmlElement src : device.children("source")) {
            boolean isBind = mode(src, source).equals("bind");
            // One source of each mode; a third source, or a second of one mode, is refused.
            if (isBind ? bind != null : connect != null) {
                throw DomainDefaults.invalid(source, src,
                        "only one bind and one connect source element is allowed for device type 'udp'");
            }
            if (isBind) {
                bind = src;
            } else {
                connect = src;
            }
        }
        if (connect == null || connect.attribute("service").isEmpty()) {
            throw DomainDefaults.invalid(source, connect == null ? device : connect,
                    "Missing source service attribute for char device");
        }
        connect.setAttribute("mode", "connect");
        connect.orderAttributes(List.of("mode", "host", "service"));
        if (bind != null) {
            bind.orderAttributes(List.of("mode", "host", "service"));
            // libvirt writes the bind end first, where the connect source stood.
            int at = Math.min(device.contentIndex(bind), device.contentIndex(connect));
            device.remove(bind);
            device.insert(at, bind);
        }
    }

    private static void unix(XmlElement device, boolean pathOptional, String source) {
        List<XmlElement> sources = device.children("source");
        if (sources.size() > 1) {
            throw DomainDefaults.invalid(source, sources.get(1),
                    "only one source element is allowed for device type 'unix'");
        }
        Optional<XmlElement> src = sources.stream().findFirst();
        String mode = src.isPresent() ? mode(src.get(), source) : "connect";
        src.ifPresent(s -> reconnect(s, mode, source));
        boolean hasPath = src.flatMap(s -> s.attribute("path")).isPresent();
        if (!hasPath && !pathOptional) {
            throw DomainDefaults.invalid(source, src.orElse(device), "Missing source path attribute for char device");
        }
        if (src.isEmpty()) {
            return;
        }
        if (!hasPath && src.get().children().isEmpty()) {
            // Nothing left to say: libvirt writes a UNIX source only with its path.
            device.remove(src.get());
            return;
        }
        if (hasPath) {
            src.get().setAttribute("mode", mode);
            src.get().orderAttributes(List.of("mode", "path"));
        }
    }

    private static String mode(XmlElement src, String source) {
        String mode = src.attribute("mode").orElse("connect");
        if (!mode.equals("connect") && !mode.equals("bind")) {
            throw DomainDefaults.invalid(source, src, "Unknown source mode '" + mode + "'");
        }
        return mode;
    }

    /** A reconnecting socket needs a timeout, and only a connecting end can reconnect. */
    private static void reconnect(XmlElement src, String mode, String source) {
        for (XmlElement reconnect : src.children("reconnect")) {
            if (reconnect.attribute("enabled").filter("yes"::equals).isEmpty()) {
                continue;
            }
            if (reconnect.attribute("timeout").isEmpty()) {
                throw DomainDefaults.invalid(source, reconnect, "missing timeout for chardev with reconnect enabled");
            }
            if (mode.equals("bind")) {
                throw DomainDefaults.invalid(source, reconnect, "chardev reconnect is possible only for connect mode");
            }
        }
    }
}
