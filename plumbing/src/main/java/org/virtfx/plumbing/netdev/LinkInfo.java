package org.virtfx.plumbing.netdev;

import java.util.Optional;
import org.virtfx.core.net.MacAddress;

/**
 * A network device as the kernel reports it.
 *
 * @param name   the device name
 * @param index  the interface index inside its namespace
 * @param kind   the link kind ({@code veth}, {@code bridge}, {@code tun}...), empty for
 *               devices without one such as {@code lo}
 * @param mac    the hardware address, empty for devices without one
 * @param mtu    the MTU
 * @param up     whether the device is administratively up ({@code IFF_UP})
 * @param master the bridge the device is a port of, if any
 */
public record LinkInfo(String name, int index, String kind, Optional<MacAddress> mac, int mtu, boolean up,
                       Optional<String> master) {
}
