package org.virtfx.core.network;

import java.util.Objects;

/**
 * One change to a network's definition, as {@code virNetworkUpdate} takes it.
 *
 * @param section the part of the definition the fragment belongs to
 * @param parentIndex which {@code <ip>} a DHCP host or range goes under; -1 lets the network choose
 * @param fragment the XML of one element of that section ({@code <host .../>}, {@code <portgroup>...})
 */
public record NetworkUpdate(Section section, Command command, int parentIndex, String fragment) {

    public NetworkUpdate {
        Objects.requireNonNull(section);
        Objects.requireNonNull(command);
        Objects.requireNonNull(fragment);
    }

    /** The sections VirtFX can update, named as in libvirt's {@code VIR_NETWORK_SECTION_*}. */
    public enum Section {
        IP_DHCP_HOST, IP_DHCP_RANGE, FORWARD_INTERFACE, PORTGROUP, DNS_HOST, DNS_TXT, DNS_SRV
    }

    /** libvirt's {@code VIR_NETWORK_UPDATE_COMMAND_*}. */
    public enum Command {
        MODIFY, DELETE, ADD_LAST, ADD_FIRST
    }
}
