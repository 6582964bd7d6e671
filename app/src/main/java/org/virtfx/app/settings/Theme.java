package org.virtfx.app.settings;

/** The window colours; the key is what the settings file stores. */
public enum Theme {
    LIGHT("light"),
    DARK("dark");

    private final String key;

    Theme(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** The theme a settings file names, or empty for an unknown name. */
    public static java.util.Optional<Theme> ofKey(String key) {
        for (Theme theme : values()) {
            if (theme.key.equals(key)) {
                return java.util.Optional.of(theme);
            }
        }
        return java.util.Optional.empty();
    }
}
