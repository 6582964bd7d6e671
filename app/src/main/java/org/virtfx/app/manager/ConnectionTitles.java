package org.virtfx.app.manager;

import org.virtfx.core.connect.ConnectionUri;
import org.virtfx.core.error.VirtException;

/** The title of a connection row, in virt-manager's words ("QEMU/KVM", "test default"). */
public final class ConnectionTitles {
    private ConnectionTitles() {
    }

    public static String title(String uriText) {
        ConnectionUri uri;
        try {
            uri = ConnectionUri.parse(uriText);
        } catch (VirtException e) {
            return uriText;
        }
        String path = uri.path().replaceAll("/+$", "");
        String base = switch (uri.driver()) {
            case "qemu" -> path.equals("/session") ? "QEMU/KVM User session" : "QEMU/KVM";
            case "lxc" -> "LXC";
            case "xen" -> "Xen";
            default -> {
                String last = path.substring(path.lastIndexOf('/') + 1);
                yield last.isEmpty() ? uri.driver() : uri.driver() + " " + last;
            }
        };
        if (uri.host().isEmpty()) {
            return base;
        }
        return base + ": " + (uri.user().isEmpty() ? "" : uri.user() + "@") + uri.host();
    }
}
