package org.virtfx.app.preferences;

import javafx.util.StringConverter;
import org.virtfx.app.settings.Theme;

/** The themes as a person reads them in Preferences: "Light" and "Dark", not the enum's constants. */
public final class ThemeNames extends StringConverter<Theme> {
    @Override
    public String toString(Theme theme) {
        if (theme == null) {
            return "";
        }
        return switch (theme) {
            case LIGHT -> "Light";
            case DARK -> "Dark";
        };
    }

    @Override
    public Theme fromString(String name) {
        for (Theme theme : Theme.values()) {
            if (toString(theme).equals(name)) {
                return theme;
            }
        }
        throw new IllegalArgumentException("no theme is called '" + name + "'");
    }
}
