package org.virtfx.plumbing.netdev;

/**
 * A veth pair as made by {@link VethPairs}: the host end (the bridge port) and the peer, which
 * lives in {@code peerNamespace} (a container's, usually) and becomes the guest's NIC.
 */
public record VethPair(String host, String peer, NetNamespace peerNamespace) {
}
