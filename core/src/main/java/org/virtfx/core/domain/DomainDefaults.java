package org.virtfx.core.domain;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.xml.XmlElement;

/**
 * The defaults libvirt's domain parser fills in whatever the hypervisor, so that a parse and
 * format writes what {@code virDomainDefFormat} would: an OS architecture and boot device,
 * clock and lifecycle actions, VNC's automatic port and listen element, and the primary video
 * device. Each fix only adds what is missing, so a document libvirt wrote comes back unchanged.
 */
final class DomainDefaults {

    /** Top-level elements that libvirt writes after {@code <clock>}, in its order. */
    private static final List<String> AFTER_CLOCK = List.of("on_poweroff", "on_reboot", "on_crash",
            "on_lockfailure", "pm", "perf", "idmap", "devices", "seclabel", "keywrap", "launchSecurity");

    private DomainDefaults() {
    }

    static void apply(XmlElement root, String source) {
        os(root);
        lifecycle(root);
        root.child("devices").ifPresent(devices -> {
            for (XmlElement graphics : devices.children("graphics")) {
                vnc(graphics, source);
            }
            primaryVideo(devices);
        });
    }

    private static void os(XmlElement root) {
        XmlElement os = root.child("os").orElse(null);
        XmlElement type = os == null ? null : os.child("type").orElse(null);
        if (type == null) {
            return;
        }
        if (type.attribute("arch").isEmpty()) {
            // libvirt takes the host's architecture when the guest names none.
            type.setAttribute("arch", hostArch());
            type.orderAttributes(List.of("arch", "machine"));
        }
        boolean direct = os.child("kernel").isPresent() || root.child("bootloader").isPresent();
        boolean perDevice = root.child("devices").map(DomainDefaults::hasBootOrder).orElse(false);
        if (type.text().equals("hvm") && os.child("boot").isEmpty() && !direct && !perDevice) {
            XmlElement anchor = type;
            for (String name : List.of("firmware", "loader", "nvram")) {
                anchor = os.child(name).orElse(anchor);
            }
            os.insert(os.contentIndex(anchor) + 1, new XmlElement("boot").setAttribute("dev", "hd"));
        }
    }

    private static boolean hasBootOrder(XmlElement devices) {
        for (XmlElement device : devices.children()) {
            if (device.child("boot").isPresent()) {
                return true;
            }
        }
        return false;
    }

    private static void lifecycle(XmlElement root) {
        if (root.child("clock").isEmpty()) {
            insertBeforeFirst(root, new XmlElement("clock").setAttribute("offset", "utc"), AFTER_CLOCK);
        }
        String[][] actions = {{"on_poweroff", "destroy"}, {"on_reboot", "restart"}, {"on_crash", "destroy"}};
        for (int i = 0; i < actions.length; i++) {
            if (root.child(actions[i][0]).isEmpty()) {
                insertBeforeFirst(root, new XmlElement(actions[i][0]).setText(actions[i][1]),
                        AFTER_CLOCK.subList(i + 1, AFTER_CLOCK.size()));
            }
        }
    }

    private static void vnc(XmlElement graphics, String source) {
        if (!graphics.attribute("type").filter("vnc"::equals).isPresent()) {
            return;
        }
        List<XmlElement> listens = graphics.children("listen");
        Optional<String> listenAttr = graphics.attribute("listen");
        Optional<String> socketAttr = graphics.attribute("socket");
        if (listenAttr.isPresent() && !listens.isEmpty()) {
            XmlElement first = listens.get(0);
            if (first.attribute("type").filter("address"::equals).isPresent()
                    && !first.attribute("address").filter(listenAttr.get()::equals).isPresent()) {
                throw mismatch(source, graphics, "graphics 'listen' attribute '" + listenAttr.get()
                        + "' must match 'address' attribute of first listen element (found '"
                        + first.attribute("address").orElse("") + "')");
            }
        }
        if (socketAttr.isPresent() && !listens.isEmpty()) {
            XmlElement first = listens.get(0);
            if (first.attribute("type").filter("socket"::equals).isPresent()
                    && !first.attribute("socket").filter(socketAttr.get()::equals).isPresent()) {
                throw mismatch(source, graphics, "graphics 'socket' attribute '" + socketAttr.get()
                        + "' must match 'socket' attribute of first listen element (found '"
                        + first.attribute("socket").orElse("") + "')");
            }
        }
        boolean socketListen = socketAttr.isPresent() || listens.stream().anyMatch(l -> l.attribute("type")
                .filter(t -> t.equals("socket") || t.equals("none")).isPresent());
        boolean autoport = graphics.attribute("autoport").filter("yes"::equals).isPresent();
        boolean unset = graphics.attribute("port").isEmpty() && graphics.attribute("autoport").isEmpty();
        if (!socketListen && (unset || autoport)) {
            // libvirt ignores a port given with autoport='yes' and writes -1 for "pick one".
            graphics.setAttributeAfter("type", "port", "-1");
            graphics.setAttributeAfter("port", "autoport", "yes");
        }
        if (listens.isEmpty()) {
            XmlElement listen = new XmlElement("listen");
            if (socketAttr.isPresent()) {
                listen.setAttribute("type", "socket").setAttribute("socket", socketAttr.get());
            } else {
                listen.setAttribute("type", "address");
                listenAttr.ifPresent(a -> listen.setAttribute("address", a));
            }
            graphics.append(listen);
        }
    }

    private static void primaryVideo(XmlElement devices) {
        List<XmlElement> videos = devices.children("video");
        if (videos.isEmpty() || videos.stream().anyMatch(v -> v.child("model")
                .flatMap(m -> m.attribute("primary")).isPresent())) {
            return;
        }
        videos.get(0).child("model").filter(m -> !m.attribute("type").filter("none"::equals).isPresent())
                .ifPresent(m -> m.setAttribute("primary", "yes"));
    }

    private static void insertBeforeFirst(XmlElement root, XmlElement element, List<String> following) {
        for (XmlElement child : root.children()) {
            if (following.contains(child.name())) {
                root.insert(root.contentIndex(child), element);
                return;
            }
        }
        root.append(element);
    }

    private static String hostArch() {
        String arch = System.getProperty("os.arch", "x86_64").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "x86", "i386", "i686" -> "i686";
            case "arm64" -> "aarch64";
            default -> arch;
        };
    }

    private static VirtException mismatch(String source, XmlElement at, String why) {
        return new VirtException(ErrorCode.XML_ERROR, "XML error: " + source + ": " + at.position() + ": " + why,
                source, null);
    }
}
