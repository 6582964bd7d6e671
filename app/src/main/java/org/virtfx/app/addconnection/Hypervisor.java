package org.virtfx.app.addconnection;

/** The hypervisor choices of the Add Connection dialog, with the URI each stands for. */
public enum Hypervisor {
    QEMU_SYSTEM("QEMU/KVM", "qemu", "/system"),
    QEMU_SESSION("QEMU/KVM user session", "qemu", "/session"),
    LXC("Libvirt-LXC", "lxc", "/"),
    TEST("Test (built-in)", "test", "/default"),
    CUSTOM("Custom URI…", "", "");

    private final String label;
    private final String scheme;
    private final String path;

    Hypervisor(String label, String scheme, String path) {
        this.label = label;
        this.scheme = scheme;
        this.path = path;
    }

    String scheme() {
        return scheme;
    }

    String path() {
        return path;
    }

    @Override
    public String toString() {
        return label;
    }
}
