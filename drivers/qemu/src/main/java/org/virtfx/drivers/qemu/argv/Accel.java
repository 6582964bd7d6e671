package org.virtfx.drivers.qemu.argv;

/** How QEMU runs guest code: the kernel's KVM, or TCG's translation when /dev/kvm cannot be opened. */
public enum Accel {
    KVM("kvm"),
    TCG("tcg");

    private final String option;

    Accel(String option) {
        this.option = option;
    }

    /** The value of {@code -accel}. */
    public String option() {
        return option;
    }
}
