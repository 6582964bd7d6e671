package org.virtfx.drivers.libvirt;

import java.util.Optional;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlParser;

/**
 * Where a running domain's VNC server listens on its host, as its live XML says: a UNIX socket,
 * or an address and port. An address that means "every interface" is reached on the host's
 * loopback, as virt-manager does.
 */
record GraphicsEndpoint(Optional<String> socket, String address, int port) {

    /** Reads the first VNC device of a running domain's live XML. */
    static GraphicsEndpoint of(String liveXml, String domainName) {
        XmlElement devices = new XmlParser().parse(liveXml, "the live XML of domain '" + domainName + "'")
                .child("devices").orElseThrow(() -> none(domainName));
        XmlElement vnc = devices.children("graphics").stream()
                .filter(g -> g.attribute("type").orElse("").equals("vnc")).findFirst()
                .orElseThrow(() -> none(domainName));
        Optional<String> socket = vnc.attribute("socket").or(() -> vnc.children("listen").stream()
                .filter(l -> l.attribute("type").orElse("").equals("socket"))
                .flatMap(l -> l.attribute("socket").stream()).findFirst());
        if (socket.isPresent()) {
            return new GraphicsEndpoint(socket, "", 0);
        }
        int port = vnc.attribute("port").map(GraphicsEndpoint::port).orElse(-1);
        if (port <= 0) {
            throw VirtException.of(ErrorCode.OPERATION_INVALID, "the VNC server of domain '" + domainName
                    + "' listens on no socket or port that can be reached over ssh");
        }
        String address = vnc.attribute("listen").or(() -> vnc.children("listen").stream()
                .flatMap(l -> l.attribute("address").stream()).findFirst()).orElse("");
        return new GraphicsEndpoint(Optional.empty(), everywhere(address) ? "127.0.0.1" : address, port);
    }

    private static boolean everywhere(String address) {
        return address.isEmpty() || address.equals("0.0.0.0") || address.equals("::");
    }

    private static int port(String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static VirtException none(String domainName) {
        return VirtException.of(ErrorCode.OPERATION_INVALID, "domain '" + domainName + "' has no VNC graphics device");
    }
}
