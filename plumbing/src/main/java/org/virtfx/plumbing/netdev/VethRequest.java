package org.virtfx.plumbing.netdev;

import java.util.Objects;
import java.util.Optional;
import org.virtfx.core.net.MacAddress;

/**
 * What a caller wants of a new veth pair.
 *
 * @param hostName      the host end's name as the user gave it, or empty for {@code vnetN}
 * @param peerName      the peer's name, or empty for {@code vpeerN} (a container renames it
 *                      to {@code eth0} later, inside its own namespace)
 * @param peerNamespace where the peer is created, directly
 * @param guestMac      the guest's address: set on the peer as it is created, and with its
 *                      first byte made 0xfe on the host end ({@link MacAddress#hostSide()});
 *                      empty leaves both to the kernel
 */
public record VethRequest(Optional<String> hostName, Optional<String> peerName, NetNamespace peerNamespace,
                          Optional<MacAddress> guestMac) {

    public VethRequest {
        Objects.requireNonNull(hostName);
        Objects.requireNonNull(peerName);
        Objects.requireNonNull(peerNamespace);
        Objects.requireNonNull(guestMac);
        hostName.ifPresent(DeviceName::require);
        peerName.ifPresent(DeviceName::require);
    }

    /** Generated names on both ends, the peer in {@code peerNamespace} with {@code guestMac}. */
    public static VethRequest generated(NetNamespace peerNamespace, MacAddress guestMac) {
        return new VethRequest(Optional.empty(), Optional.empty(), peerNamespace, Optional.of(guestMac));
    }
}
