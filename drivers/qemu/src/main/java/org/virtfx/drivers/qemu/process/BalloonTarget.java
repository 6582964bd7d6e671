package org.virtfx.drivers.qemu.process;

import java.util.OptionalLong;
import org.virtfx.core.xml.ScaledSize;
import org.virtfx.core.xml.XmlElement;

/**
 * The guest memory a start leaves usable: {@code <currentMemory>} when it is below
 * {@code <memory>}. QEMU has no option for it; the start sets the virtio balloon over QMP
 * before the guest runs, as libvirt does.
 */
public final class BalloonTarget {
    private BalloonTarget() {
    }

    /** The balloon target in bytes, or empty when the guest gets all of its memory. */
    public static OptionalLong of(XmlElement domain) {
        long memory = kib(domain, "memory");
        long current = domain.child("currentMemory").isPresent() ? kib(domain, "currentMemory") : memory;
        return current < memory ? OptionalLong.of(current * 1024) : OptionalLong.empty();
    }

    private static long kib(XmlElement domain, String name) {
        XmlElement e = domain.child(name).orElseThrow();
        return ScaledSize.toKiB(e.text(), e.attribute("unit").orElse("KiB"), "<" + name + ">");
    }
}
