package org.virtfx.drivers.qemu;

import java.util.List;
import org.virtfx.core.domain.StateReason;

/**
 * How a start brings the guest up: a cold boot, the state in a managed save image, or an
 * internal snapshot's state ({@code -loadvm}); whether it is left paused, and the reason the
 * domain then shows.
 *
 * @param image    the managed save image to restore, or null
 * @param snapshot the internal snapshot QEMU loads at start, or null
 */
record VmBoot(SaveImage image, String snapshot, boolean paused, StateReason reason) {
    static final VmBoot COLD = new VmBoot(null, null, false, StateReason.BOOTED);

    static VmBoot restore(SaveImage image) {
        return new VmBoot(image, null, !image.running(), image.running() ? StateReason.RESTORED : StateReason.USER);
    }

    static VmBoot snapshot(String name, boolean paused) {
        return new VmBoot(null, name, paused, StateReason.FROM_SNAPSHOT);
    }

    /** What QEMU's command line gains: as libvirt, {@code -incoming defer} or {@code -loadvm NAME}. */
    List<String> arguments() {
        if (image != null) {
            return List.of("-incoming", "defer");
        }
        return snapshot != null ? List.of("-loadvm", snapshot) : List.of();
    }
}
