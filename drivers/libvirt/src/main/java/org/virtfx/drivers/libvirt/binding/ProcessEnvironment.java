package org.virtfx.drivers.libvirt.binding;

import java.util.Optional;

/**
 * The C environment of this process, which the programs libvirt starts inherit (ssh for the
 * ssh transport). {@link System#getenv} is a copy taken at start-up and cannot change it.
 * {@code setenv} is not safe against a concurrent {@code getenv} in another thread, so values are
 * set once, before the connection that needs them opens.
 */
public final class ProcessEnvironment {
    private ProcessEnvironment() {
    }

    /** The current value, or empty when unset or empty. */
    public static Optional<String> get(String name) {
        String value = LibC.getenv(name);
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    /** Sets the variable for this process and the programs it starts from now on. */
    public static void set(String name, String value) {
        LibC.setenv(name, value, 1);
    }
}
