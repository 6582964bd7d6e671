package org.virtfx.app.settings;

import java.util.Objects;

/**
 * Preferences ▸ Console: whether the VM window connects its console by itself, and when the
 * graphical console is scaled to the window. virt-manager's defaults: autoconnect on, scaling
 * only when fullscreen.
 */
public record ConsoleSettings(boolean autoconnect, ConsoleScaling scaling) {
    public static final ConsoleSettings DEFAULTS = new ConsoleSettings(true, ConsoleScaling.FULLSCREEN_ONLY);

    public ConsoleSettings {
        Objects.requireNonNull(scaling);
    }

    public ConsoleSettings withAutoconnect(boolean on) {
        return new ConsoleSettings(on, scaling);
    }

    public ConsoleSettings withScaling(ConsoleScaling choice) {
        return new ConsoleSettings(autoconnect, choice);
    }
}
