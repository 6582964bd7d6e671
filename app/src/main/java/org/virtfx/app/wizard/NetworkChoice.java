package org.virtfx.app.wizard;

/**
 * One entry of "Network selection".
 *
 * @param value as {@link NewDomainSpec#network()} takes it
 */
public record NetworkChoice(String value, String label) {

    public static final NetworkChoice NONE = new NetworkChoice("", "No network");
    /** QEMU's own NAT (slirp): needs no bridge and no privilege, so it is what a session connection has. */
    public static final NetworkChoice USER = new NetworkChoice("user:", "Usermode networking");

    public static NetworkChoice virtualNetwork(String name, String forward) {
        return new NetworkChoice(name, "Virtual network '" + name + "'" + (forward.isEmpty() ? "" : " : " + forward));
    }

    public static NetworkChoice bridge(String device) {
        return new NetworkChoice("bridge:" + device, "Bridge device " + device);
    }

    @Override
    public String toString() {
        return label;
    }
}
