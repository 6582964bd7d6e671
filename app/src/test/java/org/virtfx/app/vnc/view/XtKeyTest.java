package org.virtfx.app.vnc.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;

/** Keys reach the guest by their place on a PC keyboard: set-1 scancodes, E0 keys with bit 7. */
class XtKeyTest {
    @Test
    void everyRowOfThePcKeyboardHasItsSetOneScancode() {
        assertEquals(new XtKey('q', 0x10), XtKey.of(KeyCode.Q));
        assertEquals(new XtKey('l', 0x26), XtKey.of(KeyCode.L));
        assertEquals(new XtKey('m', 0x32), XtKey.of(KeyCode.M));
        assertEquals(new XtKey('1', 0x02), XtKey.of(KeyCode.DIGIT1));
        assertEquals(new XtKey('0', 0x0B), XtKey.of(KeyCode.DIGIT0));
        assertEquals(new XtKey(0xFFBE, 0x3B), XtKey.of(KeyCode.F1));
        assertEquals(new XtKey(0xFFC7, 0x44), XtKey.of(KeyCode.F10));
        assertEquals(new XtKey(0xFFC9, 0x58), XtKey.of(KeyCode.F12));
        assertEquals(new XtKey(0xFF0D, 0x1C), XtKey.of(KeyCode.ENTER));
    }

    @Test
    void extendedKeysCarryTheirE0PrefixAsBitSeven() {
        assertEquals(new XtKey(0xFF53, 0xCD), XtKey.of(KeyCode.RIGHT));
        assertEquals(new XtKey(0xFFFF, 0xD3), XtKey.of(KeyCode.DELETE));
        assertEquals(new XtKey(0xFE03, 0xB8), XtKey.of(KeyCode.ALT_GRAPH));
    }

    @Test
    void keysAPcKeyboardLacksHaveNone() {
        assertNull(XtKey.of(KeyCode.PLAY));
    }
}
