package org.virtfx.app.addhardware;

/**
 * One entry of Add Hardware's "Network source", as virt-manager lists them: each virtual
 * network of the connection, then "Bridge device…" and "Macvtap device…", whose device is
 * named in a field of its own.
 *
 * @param type the {@code <interface type>}: network, bridge or direct
 * @param network the virtual network's name; empty for a bridge or macvtap device
 */
public record NicSource(String type, String network, String label) {
    public static final NicSource BRIDGE = new NicSource("bridge", "", "Bridge device…");
    public static final NicSource MACVTAP = new NicSource("direct", "", "Macvtap device…");

    /** "Virtual network 'default' : NAT", with "(Inactive)" for a network that is not started. */
    public static NicSource virtualNetwork(String name, String forward, boolean active) {
        return new NicSource("network", name, "Virtual network '" + name + "'" + (forward.isEmpty() ? "" : " : " + forward)
                + (active ? "" : " (Inactive)"));
    }

    public boolean namesDevice() {
        return !type.equals("network");
    }

    @Override
    public String toString() {
        return label;
    }
}
