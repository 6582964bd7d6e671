package org.virtfx.core.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

class KeymapTest {
    private final Keymap keymap = Keymap.standard();

    @Test
    void theLetterAIsTheSameLinuxKeyInEveryCodeset() {
        // KEY_A: scan code 0x1e in set 1 (xt, xt_kbd, qnum, rfb alike), 0x1c in sets 2 and 3,
        // usage 4 on USB, 0x41 on Windows.
        Map<KeyCodeset, Integer> a = Map.of(KeyCodeset.LINUX, 30, KeyCodeset.XT, 0x1e, KeyCodeset.ATSET1, 0x1e,
                KeyCodeset.ATSET2, 0x1c, KeyCodeset.ATSET3, 0x1c, KeyCodeset.XT_KBD, 0x1e, KeyCodeset.QNUM, 0x1e,
                KeyCodeset.RFB, 0x1e, KeyCodeset.USB, 4, KeyCodeset.WIN32, 0x41);
        a.forEach((codeset, code) -> assertEquals(30, keymap.toLinux(codeset, code), codeset.name()));
    }

    @Test
    void extendedScanCodesAreEncodedAsEachCodesetDoes() {
        // Right Ctrl: 0xe0 0x1d in set 1; the Linux raw set sets bit 8, QEMU's numbers bit 7.
        assertEquals(97, keymap.toLinux(KeyCodeset.ATSET1, 0xe01d));
        assertEquals(97, keymap.toLinux(KeyCodeset.XT_KBD, 0x11d));
        assertEquals(97, keymap.toLinux(KeyCodeset.QNUM, 0x9d));
        assertFalse(keymap.has(KeyCodeset.ATSET1, 0x9d));
    }

    @Test
    void aCodeTheCodesetLacksIsRefusedInLibvirtsWords() {
        VirtException e = assertThrows(VirtException.class, () -> keymap.toLinux(KeyCodeset.LINUX, 700));
        assertEquals(ErrorCode.INTERNAL_ERROR, e.code());
        assertEquals("internal error: invalid keycode 700 of linux codeset", e.getMessage());
        assertEquals("internal error: invalid keycode 200 of xt codeset",
                assertThrows(VirtException.class, () -> keymap.toLinux(KeyCodeset.XT, 200)).getMessage());
        assertFalse(keymap.has(KeyCodeset.LINUX, 0x2ff));
        assertFalse(keymap.has(KeyCodeset.LINUX, -1));
        // Linux codes with a key in the database, though no other codeset has them.
        assertTrue(keymap.has(KeyCodeset.LINUX, 248));
        assertTrue(keymap.has(KeyCodeset.LINUX, 0));
    }

    @Test
    void keysAreFoundByTheirNamesInTheCodesetsThatNameThem() {
        assertEquals(OptionalInt.of(29), keymap.named(KeyCodeset.LINUX, "KEY_LEFTCTRL"));
        assertEquals(OptionalInt.of(0), keymap.named(KeyCodeset.OS_X, "ANSI_A"));
        assertEquals(OptionalInt.of(0x41), keymap.named(KeyCodeset.WIN32, "VK_A"));
        // Where the database names a key twice, the later name counts, as in libvirt.
        assertEquals(OptionalInt.of(42), keymap.named(KeyCodeset.LINUX, "KEY_LEFTSHIFT"));
        assertEquals(OptionalInt.empty(), keymap.named(KeyCodeset.LINUX, "KEY_SHIFT"));
        assertEquals(OptionalInt.empty(), keymap.named(KeyCodeset.XT, "KEY_A"));
        assertEquals(OptionalInt.empty(), keymap.named(KeyCodeset.LINUX, "ANSI_A"));
    }

    @Test
    void codesetsGoByLibvirtsNames() {
        assertEquals(KeyCodeset.OS_X, KeyCodeset.named("os_x").orElseThrow());
        assertEquals(KeyCodeset.XT_KBD, KeyCodeset.named("xt_kbd").orElseThrow());
        assertTrue(KeyCodeset.named("OS_X").isEmpty());
        assertTrue(KeyCodeset.named("bogus").isEmpty());
    }
}
