package org.virtfx.app.console;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.virtfx.app.vnc.view.XtKey;

/**
 * Text as the keys that type it on a US PC keyboard, so a guest at a text prompt gets the
 * characters of the clipboard. QEMU's extended key events carry the key's place, not its
 * character, so capitals and symbols need Shift held. A character with no key there goes as
 * its keysym alone and the VNC server maps it as it can.
 */
final class TypedText {
    private static final Map<Character, Stroke> KEYS = new HashMap<>();

    /** One key press: the key, and whether Shift is held around it. */
    record Stroke(XtKey key, boolean shift) {
    }

    static {
        row("1234567890-=", "!@#$%^&*()_+", 0x02);
        row("qwertyuiop[]", "QWERTYUIOP{}", 0x10);
        row("asdfghjkl;'`", "ASDFGHJKL:\"~", 0x1E);
        row("\\zxcvbnm,./", "|ZXCVBNM<>?", 0x2B);
        KEYS.put(' ', new Stroke(new XtKey(' ', 0x39), false));
        KEYS.put('\n', new Stroke(new XtKey(0xFF0D, 0x1C), false));
        KEYS.put('\t', new Stroke(new XtKey(0xFF09, 0x0F), false));
    }

    private TypedText() {
    }

    /** Keys whose XT scancodes follow each other from {@code first}, unshifted and shifted. */
    private static void row(String plain, String shifted, int first) {
        for (int i = 0; i < plain.length(); i++) {
            KEYS.put(plain.charAt(i), new Stroke(new XtKey(plain.charAt(i), first + i), false));
            KEYS.put(shifted.charAt(i), new Stroke(new XtKey(shifted.charAt(i), first + i), true));
        }
    }

    /** The strokes that type {@code text}; CR and other control characters are left out (CRLF is one Enter). */
    static List<Stroke> strokes(String text) {
        List<Stroke> strokes = new ArrayList<>();
        text.codePoints().forEach(c -> {
            Stroke known = c < 0x10000 ? KEYS.get((char) c) : null;
            if (known != null) {
                strokes.add(known);
            } else if (c >= 0xA0 && c <= 0xFF) {
                strokes.add(new Stroke(new XtKey(c, 0), false));
            } else if (c > 0xFF) {
                // X11's keysym for any Unicode character.
                strokes.add(new Stroke(new XtKey(0x01000000 | c, 0), false));
            }
        });
        return strokes;
    }
}
