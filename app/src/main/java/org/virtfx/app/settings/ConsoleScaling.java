package org.virtfx.app.settings;

import java.util.Optional;

/**
 * When the graphical console shrinks or grows the guest's screen to the window, virt-manager's
 * View ▸ Scale Display choices; the key is what the settings file stores.
 */
public enum ConsoleScaling {
    ALWAYS("always", "Always"),
    FULLSCREEN_ONLY("fullscreen", "Only when Fullscreen"),
    NEVER("never", "Never");

    private final String key;
    private final String label;

    ConsoleScaling(String key, String label) {
        this.key = key;
        this.label = label;
    }

    public String key() {
        return key;
    }

    /** The menu's words. */
    public String label() {
        return label;
    }

    /** Whether the screen is scaled to the window, given whether the window is fullscreen. */
    public boolean scales(boolean fullscreen) {
        return this == ALWAYS || this == FULLSCREEN_ONLY && fullscreen;
    }

    /** The choice a settings file names, or empty for an unknown name. */
    public static Optional<ConsoleScaling> ofKey(String key) {
        for (ConsoleScaling scaling : values()) {
            if (scaling.key.equals(key)) {
                return Optional.of(scaling);
            }
        }
        return Optional.empty();
    }
}
