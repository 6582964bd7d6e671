package org.virtfx.drivers.qemu.argv;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * How QEMU reaches the tap of a {@code network} or {@code bridge} interface: a descriptor the
 * launcher passes (libvirt's {@code fd=N}), or the name of a persistent tap the driver made
 * and plugged, which QEMU attaches to itself ({@code ifname=vnetN}) since a plain Java
 * launcher cannot pass descriptors.
 */
public record TapEnd(OptionalInt fd, String ifname) {

    public TapEnd {
        Objects.requireNonNull(fd);
        Objects.requireNonNull(ifname);
        if (fd.isPresent() == !ifname.isEmpty()) {
            throw new IllegalArgumentException("a tap end is a descriptor or a name, not both or neither");
        }
    }

    public static TapEnd fd(int fd) {
        return new TapEnd(OptionalInt.of(fd), "");
    }

    public static TapEnd named(String ifname) {
        return new TapEnd(OptionalInt.empty(), ifname);
    }

    /** The {@code -netdev tap} properties after {@code type}. */
    void addTo(Props netdev) {
        if (fd.isPresent()) {
            netdev.put("fd", String.valueOf(fd.getAsInt()));
        } else {
            // No scripts: the driver made the tap, plugged and up, before QEMU started.
            netdev.put("ifname", ifname).put("script", "no").put("downscript", "no");
        }
    }
}
