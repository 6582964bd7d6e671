package org.virtfx.app.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtfx.app.vnc.view.XtKey;

class TypedTextTest {
    @Test
    void symbolsAreTheirUsKeyWithShiftAndUnknownCharactersGoAsKeysymsAlone() {
        assertEquals(List.of(new TypedText.Stroke(new XtKey('|', 0x2B), true),
                        new TypedText.Stroke(new XtKey('`', 0x29), false),
                        new TypedText.Stroke(new XtKey('?', 0x35), true),
                        new TypedText.Stroke(new XtKey(0xE9, 0), false),
                        new TypedText.Stroke(new XtKey(0x010020AC, 0), false),
                        new TypedText.Stroke(new XtKey(0xFF09, 0x0F), false)),
                TypedText.strokes("|`?é€\t"));
    }
}
