package org.virtfx.app.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The terminal screen fed with bytes as a shell and full-screen programs send them. */
class TerminalBufferTest {

    private static TerminalBuffer fed(int cols, int rows, String text) {
        TerminalBuffer buffer = new TerminalBuffer(cols, rows, 100);
        buffer.feed(text);
        return buffer;
    }

    @Test
    void printsLinesWithCarriageReturnAndLineFeed() {
        TerminalBuffer b = fed(20, 3, "root@c1:~# ls\r\nbin  etc\r\n");
        assertEquals("root@c1:~# ls", b.line(0));
        assertEquals("bin  etc", b.line(1));
        assertEquals(2, b.cursorRow());
        assertEquals(0, b.cursorCol());
    }

    @Test
    void linesScrolledOffTheTopGoToTheScrollback() {
        TerminalBuffer b = fed(10, 2, "one\r\ntwo\r\nthree\r\nfour");
        assertEquals(List.of("one", "two"), b.scrollbackText());
        assertEquals("three", b.line(0));
        assertEquals("four", b.line(1));
        assertEquals("two", TerminalBuffer.text(b.visibleLine(0, 1)));
    }

    @Test
    void scrollbackIsBounded() {
        TerminalBuffer b = new TerminalBuffer(5, 1, 3);
        for (int i = 0; i < 10; i++) {
            b.feed(i + "\r\n");
        }
        assertEquals(List.of("7", "8", "9"), b.scrollbackText());
    }

    @Test
    void wrapsAtTheLastColumnOnlyWhenTheNextCharacterComes() {
        TerminalBuffer b = fed(4, 3, "abcd");
        assertEquals(0, b.cursorRow(), "deferred wrap, as xterm");
        b.feed("e");
        assertEquals("abcd", b.line(0));
        assertEquals("e", b.line(1));
    }

    @Test
    void cursorMovesAndPositions() {
        TerminalBuffer b = fed(10, 5, "\u001b[3;4HX\u001b[2AY\u001b[1DZ\u001b[7GW");
        assertEquals("   X", b.line(2));
        assertEquals("    Z W", b.line(0));
        b.feed("\u001b[H");
        assertEquals(0, b.cursorRow());
        assertEquals(0, b.cursorCol());
    }

    @Test
    void erasesLineAndDisplay() {
        TerminalBuffer b = fed(10, 3, "aaaaaaaaaa\r\nbbbbbbbbbb\r\ncccccccccc");
        b.feed("\u001b[2;5H\u001b[K");
        assertEquals("bbbb", b.line(1));
        b.feed("\u001b[1K");
        assertEquals("", b.line(1));
        b.feed("\u001b[J");
        assertEquals("", b.line(2));
        assertEquals("aaaaaaaaaa", b.line(0));
        b.feed("\u001b[2J");
        assertEquals("", b.line(0));
    }

    @Test
    void sgrSetsColoursBoldAndInverse() {
        TerminalBuffer b = fed(10, 1, "\u001b[1;31mR\u001b[0;42mG\u001b[7mI\u001b[0m\u001b[94mB");
        assertEquals(new Cell('R', 1, -1, true, false), b.cell(0, 0));
        assertEquals(new Cell('G', -1, 2, false, false), b.cell(0, 1));
        assertTrue(b.cell(0, 2).inverse());
        assertEquals(12, b.cell(0, 3).fg());
    }

    @Test
    void insertsAndDeletesCharactersAndLines() {
        TerminalBuffer b = fed(6, 3, "abcdef\u001b[1;2H\u001b[2P");
        assertEquals("adef", b.line(0));
        b.feed("\u001b[1@");
        assertEquals("a def", b.line(0));
        b.feed("\r\nline2\u001b[1;1H\u001b[1L");
        assertEquals("", b.line(0));
        assertEquals("a def", b.line(1));
        b.feed("\u001b[1M");
        assertEquals("a def", b.line(0));
    }

    @Test
    void scrollRegionKeepsTheLinesOutsideIt() {
        TerminalBuffer b = fed(6, 4, "top\r\n1\r\n2\r\nbottom\u001b[2;3r\u001b[3;1H\n");
        assertEquals("top", b.line(0));
        assertEquals("2", b.line(1));
        assertEquals("", b.line(2));
        assertEquals("bottom", b.line(3));
        assertEquals(List.of(), b.scrollbackText(), "a region scroll does not feed the scrollback");
    }

    @Test
    void alternateScreenRestoresTheShellScreen() {
        TerminalBuffer b = fed(10, 2, "$ vi\u001b[?1049h\u001b[Hediting");
        assertEquals("editing", b.line(0));
        b.feed("\u001b[?1049l");
        assertEquals("$ vi", b.line(0));
        assertEquals(4, b.cursorCol());
    }

    @Test
    void utf8SplitAcrossReadsAndOscTitlesAreHandled() {
        TerminalBuffer b = new TerminalBuffer(10, 1, 10);
        byte[] bytes = "\u001b]0;title\u0007é€".getBytes(StandardCharsets.UTF_8);
        b.feed(bytes, 0, bytes.length - 2);
        b.feed(bytes, bytes.length - 2, 2);
        assertEquals("é€", b.line(0));
    }

    @Test
    void hidesAndShowsTheCursor() {
        TerminalBuffer b = fed(5, 1, "\u001b[?25l");
        assertFalse(b.cursorVisible());
        b.feed("\u001b[?25h");
        assertTrue(b.cursorVisible());
    }

    @Test
    void resizeKeepsTheCursorLineAndContent() {
        TerminalBuffer b = fed(10, 4, "a\r\nb\r\nc\r\nd");
        b.resize(5, 2);
        assertEquals("c", b.line(0));
        assertEquals("d", b.line(1));
        assertEquals(List.of("a", "b"), b.scrollbackText());
        b.resize(20, 5);
        assertEquals(20, b.cols());
        assertEquals("d", b.line(1));
    }

    @Test
    void selectionTextSpansLines() {
        TerminalBuffer b = fed(10, 3, "hello\r\nworld wide");
        assertEquals("llo\nworld", b.text(0, 2, 1, 4, 0));
        assertEquals("llo\nworld", b.text(1, 4, 0, 2, 0), "either drag direction");
    }

    @Test
    void controlKeysAndEscapeSequences() {
        assertEquals(3, TerminalKey.control('c')[0]);
        assertEquals("\u001b[A", new String(TerminalKey.UP.bytes(), StandardCharsets.US_ASCII));
        assertEquals(0x7f, TerminalKey.BACKSPACE.bytes()[0]);
    }
}
