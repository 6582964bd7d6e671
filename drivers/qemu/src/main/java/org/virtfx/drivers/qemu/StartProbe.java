package org.virtfx.drivers.qemu;

/**
 * Told as a start reaches each step, before the step runs. The driver's own is a no-op; tests
 * throw from it to prove that a failure at any step leaves nothing behind.
 */
@FunctionalInterface
interface StartProbe {
    StartProbe NONE = step -> { };

    void reached(StartStep step);
}
