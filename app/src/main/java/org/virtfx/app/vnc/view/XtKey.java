package org.virtfx.app.vnc.view;

import java.util.EnumMap;
import java.util.Map;
import javafx.scene.input.KeyCode;

/**
 * A key as VNC sends it: its X keysym and its XT (set 1) scancode, E0-prefixed keys with bit 7
 * set as QEMU's extended key event wants them. The scancode names the key's place on a PC
 * keyboard, so the guest's own layout decides which character it types.
 */
public record XtKey(int keysym, int scancode) {
    private static final Map<KeyCode, XtKey> KEYS = new EnumMap<>(KeyCode.class);

    static {
        String letters = "QWERTYUIOP";
        for (int i = 0; i < letters.length(); i++) {
            letter(letters.charAt(i), 0x10 + i);
        }
        letters = "ASDFGHJKL";
        for (int i = 0; i < letters.length(); i++) {
            letter(letters.charAt(i), 0x1E + i);
        }
        letters = "ZXCVBNM";
        for (int i = 0; i < letters.length(); i++) {
            letter(letters.charAt(i), 0x2C + i);
        }
        for (int digit = 1; digit <= 9; digit++) {
            KEYS.put(KeyCode.valueOf("DIGIT" + digit), new XtKey('0' + digit, 0x01 + digit));
        }
        KEYS.put(KeyCode.DIGIT0, new XtKey('0', 0x0B));
        for (int f = 1; f <= 12; f++) {
            KEYS.put(KeyCode.valueOf("F" + f), new XtKey(0xFFBE + f - 1, f <= 10 ? 0x3A + f : 0x57 + f - 11));
        }
        put(KeyCode.ESCAPE, 0xFF1B, 0x01);
        put(KeyCode.MINUS, '-', 0x0C);
        put(KeyCode.EQUALS, '=', 0x0D);
        put(KeyCode.BACK_SPACE, 0xFF08, 0x0E);
        put(KeyCode.TAB, 0xFF09, 0x0F);
        put(KeyCode.OPEN_BRACKET, '[', 0x1A);
        put(KeyCode.CLOSE_BRACKET, ']', 0x1B);
        put(KeyCode.ENTER, 0xFF0D, 0x1C);
        put(KeyCode.CONTROL, 0xFFE3, 0x1D);
        put(KeyCode.SEMICOLON, ';', 0x27);
        put(KeyCode.QUOTE, '\'', 0x28);
        put(KeyCode.BACK_QUOTE, '`', 0x29);
        put(KeyCode.SHIFT, 0xFFE1, 0x2A);
        put(KeyCode.BACK_SLASH, '\\', 0x2B);
        put(KeyCode.COMMA, ',', 0x33);
        put(KeyCode.PERIOD, '.', 0x34);
        put(KeyCode.SLASH, '/', 0x35);
        put(KeyCode.MULTIPLY, 0xFFAA, 0x37);
        put(KeyCode.ALT, 0xFFE9, 0x38);
        put(KeyCode.SPACE, ' ', 0x39);
        put(KeyCode.CAPS, 0xFFE5, 0x3A);
        put(KeyCode.NUM_LOCK, 0xFF7F, 0x45);
        put(KeyCode.SCROLL_LOCK, 0xFF14, 0x46);
        put(KeyCode.ALT_GRAPH, 0xFE03, 0xB8);
        put(KeyCode.HOME, 0xFF50, 0xC7);
        put(KeyCode.UP, 0xFF52, 0xC8);
        put(KeyCode.PAGE_UP, 0xFF55, 0xC9);
        put(KeyCode.LEFT, 0xFF51, 0xCB);
        put(KeyCode.RIGHT, 0xFF53, 0xCD);
        put(KeyCode.END, 0xFF57, 0xCF);
        put(KeyCode.DOWN, 0xFF54, 0xD0);
        put(KeyCode.PAGE_DOWN, 0xFF56, 0xD1);
        put(KeyCode.INSERT, 0xFF63, 0xD2);
        put(KeyCode.DELETE, 0xFFFF, 0xD3);
        put(KeyCode.WINDOWS, 0xFFEB, 0xDB);
        put(KeyCode.CONTEXT_MENU, 0xFF67, 0xDD);
    }

    private static void letter(char upper, int scancode) {
        KEYS.put(KeyCode.valueOf(String.valueOf(upper)), new XtKey(Character.toLowerCase(upper), scancode));
    }

    private static void put(KeyCode code, int keysym, int scancode) {
        KEYS.put(code, new XtKey(keysym, scancode));
    }

    /** The key for a JavaFX key code, or null for one a PC keyboard does not have. */
    public static XtKey of(KeyCode code) {
        return KEYS.get(code);
    }
}
