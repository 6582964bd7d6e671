package org.virtfx.core.domain;

import java.util.Arrays;
import java.util.Optional;

/**
 * The codesets a key code can be given in, as libvirt's {@code virKeycodeSet} names them (virsh
 * {@code send-key --codeset}). {@link #XT} is scan code set 1 under another name, and {@link #RFB}
 * is QEMU's numbering, as in libvirt.
 */
public enum KeyCodeset {
    LINUX("linux"),
    XT("xt"),
    ATSET1("atset1"),
    ATSET2("atset2"),
    ATSET3("atset3"),
    OS_X("os_x"),
    XT_KBD("xt_kbd"),
    WIN32("win32"),
    USB("usb"),
    QNUM("qnum"),
    RFB("rfb");

    private final String libvirtName;

    KeyCodeset(String libvirtName) {
        this.libvirtName = libvirtName;
    }

    /** The name virsh and libvirt's messages use. */
    public String libvirtName() {
        return libvirtName;
    }

    /** The codeset of a libvirt name ({@code "os_x"}), if there is one. */
    public static Optional<KeyCodeset> named(String name) {
        return Arrays.stream(values()).filter(c -> c.libvirtName.equals(name)).findFirst();
    }
}
