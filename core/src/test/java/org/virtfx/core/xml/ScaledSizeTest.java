package org.virtfx.core.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.virtfx.core.error.VirtException;

class ScaledSizeTest {
    @Test
    void aScaledNumberIsDigitsThenLibvirtsSuffixOrTheDefaultUnit() {
        assertEquals(512, ScaledSize.parseScaled("512", "B"));
        assertEquals(512 * 1024, ScaledSize.parseScaled("512", "KiB"));
        assertEquals(10L << 20, ScaledSize.parseScaled("10M", "B"));
        assertEquals(10L << 20, ScaledSize.parseScaled("10MiB", "KiB"));
        assertEquals(5_000_000_000L, ScaledSize.parseScaled("5GB", "B"));
        assertEquals(3, ScaledSize.parseScaled("3b", "KiB"));
        assertEquals(2048, ScaledSize.parseScaled("2k", "B"));
        assertEquals(1L << 60, ScaledSize.parseScaled("1E", "B"));
    }

    @Test
    void eachKindOfMistakeHasItsOwnFailure() {
        assertThrows(NumberFormatException.class, () -> ScaledSize.parseScaled("abc", "B"));
        assertThrows(NumberFormatException.class, () -> ScaledSize.parseScaled("-5", "B"));
        assertThrows(NumberFormatException.class, () -> ScaledSize.parseScaled("", "B"));
        assertThrows(NumberFormatException.class, () -> ScaledSize.parseScaled("99999999999999999999", "B"));
        assertEquals("invalid argument: unknown suffix 'X'",
                assertThrows(VirtException.class, () -> ScaledSize.parseScaled("10X", "B")).getMessage());
        assertEquals("invalid argument: unknown suffix '.5G'",
                assertThrows(VirtException.class, () -> ScaledSize.parseScaled("1.5G", "B")).getMessage());
        assertThrows(ArithmeticException.class, () -> ScaledSize.parseScaled("99999999999E", "B"));
        assertThrows(ArithmeticException.class, () -> ScaledSize.parseScaled("9007199254740993", "KiB"));
    }
}
