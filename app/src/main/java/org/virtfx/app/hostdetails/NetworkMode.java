package org.virtfx.app.hostdetails;

/** The forwarding modes the create-network wizard offers, with libvirt's {@code <forward mode>}. */
public enum NetworkMode {
    NAT("NAT", "nat"),
    ROUTED("Routed", "route"),
    ISOLATED("Isolated", ""),
    BRIDGE("Bridge (host bridge device)", "bridge");

    private final String label;
    private final String forward;

    NetworkMode(String label, String forward) {
        this.label = label;
        this.forward = forward;
    }

    /** The forward mode attribute; empty for an isolated network, which has no {@code <forward>}. */
    public String forward() {
        return forward;
    }

    @Override
    public String toString() {
        return label;
    }
}
