package org.virtfx.app.preferences;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.virtfx.app.settings.Theme;

class ThemeNamesTest {
    private final ThemeNames names = new ThemeNames();

    @Test
    void themesReadAsWordsAndBack() {
        assertEquals("Light", names.toString(Theme.LIGHT));
        assertEquals("Dark", names.toString(Theme.DARK));
        for (Theme theme : Theme.values()) {
            assertEquals(theme, names.fromString(names.toString(theme)));
        }
    }

    @Test
    void anUnknownNameIsRefusedByName() {
        assertEquals("no theme is called 'DARK'",
                assertThrows(IllegalArgumentException.class, () -> names.fromString("DARK")).getMessage());
    }
}
