package org.virtfx.app.capability;

import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.DriverKind;

/** How windows name the driver serving a connection: "built-in test", "built-in lxc", "libvirt". */
public final class DriverLabel {
    private DriverLabel() {
    }

    public static String of(Connection connection) {
        return connection.driverKind() == DriverKind.BUILTIN ? DriverKind.BUILTIN.label() + " " + connection.driverName()
                : DriverKind.LIBVIRT.label();
    }
}
