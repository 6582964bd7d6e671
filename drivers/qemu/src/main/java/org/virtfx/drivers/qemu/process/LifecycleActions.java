package org.virtfx.drivers.qemu.process;

import org.virtfx.core.xml.XmlElement;

/**
 * What the domain's {@code on_poweroff}, {@code on_reboot} and {@code on_crash} ask for. QEMU
 * runs with {@code -no-shutdown} and these are carried out on its events, as libvirt does
 * with QEMU 6.0 and later; the command-line builder has already refused other values.
 */
public record LifecycleActions(String onPoweroff, String onReboot, String onCrash) {

    public static LifecycleActions of(XmlElement domain) {
        return new LifecycleActions(domain.childText("on_poweroff").orElse("destroy"),
                domain.childText("on_reboot").orElse("restart"), domain.childText("on_crash").orElse("destroy"));
    }

    /** The {@code set-action} QMP arguments for the guest's reboot and panic. */
    String rebootAction() {
        return "destroy".equals(onReboot) ? "shutdown" : "reset";
    }

    String panicAction() {
        return switch (onCrash) {
            case "restart" -> "reset";
            case "preserve" -> "pause";
            default -> "shutdown";
        };
    }
}
