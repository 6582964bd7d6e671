package org.virtfx.core.host;

/** A physical or configured host network interface, as {@code virsh iface-list} shows it. */
public record HostInterface(String name, String mac, boolean active) {
}
