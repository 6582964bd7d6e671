package org.virtfx.drivers.qemu;

import java.nio.file.Path;
import java.util.List;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.drivers.qemu.argv.CommandLineContext;

/**
 * libvirt's {@code vnc_auto_unix_socket}, always on in VirtFX's QEMU driver: a VNC display
 * defined with nowhere to listen, as virt-install and virt-manager write it
 * ({@code <graphics type='vnc' port='-1' autoport='yes'>} with an address-less
 * {@code <listen type='address'/>}), is served on a UNIX socket in the VM's directory, as
 * libvirt does with that setting when a VM starts. No VM opens a TCP port; a display that asks
 * for an address or a fixed port is still refused.
 */
final class VncSocketDefault {

    private VncSocketDefault() {
    }

    /** The domain with each such display listening on the VM's default socket; changed in place. */
    static XmlElement apply(XmlElement domain, Path directory) {
        for (XmlElement devices : domain.children("devices")) {
            for (XmlElement graphics : devices.children("graphics")) {
                if (addressless(graphics)) {
                    graphics.children("listen").forEach(graphics::remove);
                    graphics.removeAttribute("port").removeAttribute("autoport");
                    graphics.append(new XmlElement("listen").setAttribute("type", "socket")
                            .setAttribute("socket", CommandLineContext.defaultVncSocket(directory).toString()));
                }
            }
        }
        return domain;
    }

    private static boolean addressless(XmlElement graphics) {
        boolean vnc = graphics.attribute("type").filter("vnc"::equals).isPresent();
        boolean anyPort = graphics.attribute("autoport").filter("yes"::equals).isPresent()
                || graphics.attribute("port").isEmpty() || graphics.attribute("port").filter("-1"::equals).isPresent();
        if (!vnc || !anyPort || graphics.attribute("listen").isPresent() || graphics.attribute("socket").isPresent()) {
            return false;
        }
        List<XmlElement> listens = graphics.children("listen");
        return listens.isEmpty() || listens.size() == 1 && listens.get(0).attribute("type").filter("address"::equals)
                .isPresent() && listens.get(0).attribute("address").isEmpty();
    }
}
