package org.virtfx.app.addconnection;

/**
 * The hypervisor choices of the Add Connection dialog, in virt-manager's order, with the URI each
 * stands for and whether VirtFX's built-in drivers serve it (the rest only libvirt does).
 */
public enum Hypervisor {
    QEMU_SYSTEM("QEMU/KVM", "qemu", "/system", true),
    QEMU_SESSION("QEMU/KVM user session", "qemu", "/session", true),
    XEN("Xen", "xen", "/", false),
    LXC("Libvirt-LXC", "lxc", "/", true),
    BHYVE("Bhyve", "bhyve", "/system", false),
    VIRTUOZZO("Virtuozzo", "vz", "/system", false),
    TEST("Test (built-in)", "test", "/default", true),
    CUSTOM("Custom URI…", "", "", true);

    private final String label;
    private final String scheme;
    private final String path;
    private final boolean builtin;

    Hypervisor(String label, String scheme, String path, boolean builtin) {
        this.label = label;
        this.scheme = scheme;
        this.path = path;
        this.builtin = builtin;
    }

    /** Whether one of VirtFX's own drivers serves this hypervisor on this host. */
    boolean builtin() {
        return builtin;
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
