package org.virtfx.core.domain;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.xml.ScaledSize;
import org.virtfx.core.xml.XmlElement;

/**
 * The defaults libvirt's domain parser fills in whatever the hypervisor, so that a parse and
 * format writes what {@code virDomainDefFormat} would: an OS architecture and boot device,
 * clock and lifecycle actions, VNC's automatic port and listen elements, the primary video
 * device, controller indexes, smart card slots on a CCID controller, filesystem access modes
 * and sizes, and character device sources ({@link CharacterDevices}). Each fix only adds what
 * is missing, so a document libvirt wrote comes back unchanged.
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
                listens(graphics, source);
            }
            primaryVideo(devices);
            CharacterDevices.apply(devices, source);
            controllerIndexes(devices);
            smartcardAddresses(devices);
            for (XmlElement filesystem : devices.children("filesystem")) {
                filesystem(filesystem, source);
            }
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
                throw invalid(source, graphics, "graphics 'listen' attribute '" + listenAttr.get()
                        + "' must match 'address' attribute of first listen element (found '"
                        + first.attribute("address").orElse("") + "')");
            }
        }
        if (socketAttr.isPresent() && !listens.isEmpty()) {
            XmlElement first = listens.get(0);
            String firstType = first.attribute("type").orElse("address");
            if (firstType.equals("address") || firstType.equals("network")) {
                // The old socket attribute wins over an address or network listen, which
                // libvirt replaces by a socket listen on that path.
                XmlElement socket = new XmlElement("listen").setAttribute("type", "socket")
                        .setAttribute("socket", socketAttr.get());
                graphics.replace(first, socket);
                listens = graphics.children("listen");
            } else if (first.attribute("type").filter("socket"::equals).isPresent()
                    && !first.attribute("socket").filter(socketAttr.get()::equals).isPresent()) {
                throw invalid(source, graphics, "graphics 'socket' attribute '" + socketAttr.get()
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

    /**
     * A network listen must name its network. libvirt writes the first listen's address again
     * as the graphics element's old {@code listen} attribute, after the port attributes, for
     * clients that predate listen elements.
     */
    private static void listens(XmlElement graphics, String source) {
        List<XmlElement> listens = graphics.children("listen");
        for (XmlElement listen : listens) {
            if (listen.attribute("type").filter("network"::equals).isPresent()
                    && listen.attribute("network").isEmpty()) {
                throw invalid(source, listen, "'network' attribute is required for listen type 'network'");
            }
        }
        if (listens.isEmpty() || graphics.attribute("listen").isPresent()) {
            return;
        }
        XmlElement first = listens.get(0);
        Optional<String> address = first.attribute("address");
        if (!first.attribute("type").filter("address"::equals).isPresent() || address.isEmpty()) {
            return;
        }
        String previous = "type";
        for (String name : List.of("port", "tlsPort", "autoport", "websocket", "websocketGenerated")) {
            if (graphics.attribute(name).isPresent()) {
                previous = name;
            }
        }
        graphics.setAttributeAfter(previous, "listen", address.get());
    }

    /** A controller without an index gets the lowest index its type has free. */
    private static void controllerIndexes(XmlElement devices) {
        for (XmlElement controller : devices.children("controller")) {
            if (controller.attribute("index").isPresent()) {
                continue;
            }
            String type = controller.attribute("type").orElse("");
            int index = 0;
            while (hasController(devices, type, index)) {
                index++;
            }
            controller.setAttributeAfter("type", "index", Integer.toString(index));
        }
    }

    private static boolean hasController(XmlElement devices, String type, int index) {
        String wanted = Integer.toString(index);
        return devices.children("controller").stream().anyMatch(c -> c.attribute("type").filter(type::equals)
                .isPresent() && c.attribute("index").filter(wanted::equals).isPresent());
    }

    /**
     * Every smart card sits in a slot of a CCID controller: one without an address goes to the
     * first controller with a free slot 0, and the controller is added when the domain has none.
     */
    private static void smartcardAddresses(XmlElement devices) {
        for (XmlElement card : devices.children("smartcard")) {
            if (card.child("address").isPresent()) {
                continue;
            }
            int controller = 0;
            while (ccidSlotTaken(devices, controller)) {
                controller++;
            }
            card.append(new XmlElement("address").setAttribute("type", "ccid")
                    .setAttribute("controller", Integer.toString(controller)).setAttribute("slot", "0"));
            if (!hasController(devices, "ccid", controller)) {
                List<XmlElement> controllers = devices.children("controller");
                XmlElement added = new XmlElement("controller").setAttribute("type", "ccid")
                        .setAttribute("index", Integer.toString(controller));
                if (controllers.isEmpty()) {
                    devices.insertAfter("emulator", added);
                } else {
                    devices.insert(devices.contentIndex(controllers.get(controllers.size() - 1)) + 1, added);
                }
            }
        }
    }

    private static boolean ccidSlotTaken(XmlElement devices, int controller) {
        String wanted = Integer.toString(controller);
        return devices.children("smartcard").stream().flatMap(c -> c.child("address").stream())
                .anyMatch(a -> a.attribute("type").filter("ccid"::equals).isPresent()
                        && a.attribute("controller").orElse("0").equals(wanted)
                        && a.attribute("slot").orElse("0").equals("0"));
    }

    /**
     * A filesystem's access mode defaults to passthrough, except for a vhost-user socket; a RAM
     * filesystem's size is read in the given units (KiB when none) and written in KiB.
     */
    private static void filesystem(XmlElement filesystem, String source) {
        Optional<XmlElement> src = filesystem.child("source");
        if (filesystem.attribute("accessmode").isEmpty() && src.flatMap(s -> s.attribute("socket")).isEmpty()) {
            filesystem.setAttributeAfter("type", "accessmode", "passthrough");
        }
        if (filesystem.attribute("type").filter("ram"::equals).isPresent() && src.isPresent()) {
            XmlElement ram = src.get();
            Optional<String> usage = ram.attribute("usage");
            if (usage.isPresent()) {
                long bytes = ScaledSize.toBytes(usage.get(), ram.attribute("units").orElse("KiB"),
                        "<source usage> of the RAM filesystem at " + ram.position() + " in " + source);
                ram.setAttribute("usage", Long.toString(bytes / 1024));
                ram.setAttributeAfter("usage", "units", "KiB");
            }
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

    /** A parse error naming the file, the element and its line and column, and libvirt's reason. */
    static VirtException invalid(String source, XmlElement at, String why) {
        return new VirtException(ErrorCode.XML_ERROR, "XML error: " + source + ": " + at.position() + ": <"
                + at.name() + ">: " + why, source, null);
    }
}
