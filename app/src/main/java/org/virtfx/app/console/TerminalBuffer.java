package org.virtfx.app.console;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The screen of a VT100/xterm-style terminal, fed with the bytes a console stream sends: UTF-8
 * text, control characters, and the escape sequences a Linux console, a shell and ncurses
 * programs use (cursor movement, erase, insert/delete, scroll region, SGR colours, save and
 * restore cursor, the alternate screen). Lines scrolled off the top go to a bounded scrollback.
 * Not thread-safe: feed it and read it on one thread (the UI thread in the application).
 */
public final class TerminalBuffer {
    private final int scrollbackLimit;
    /** Oldest first; a list, not a deque, so scrolled-back rows are read by index. */
    private final List<Cell[]> scrollback = new ArrayList<>();
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final ByteBuffer pendingBytes = ByteBuffer.allocate(8);
    private int cols;
    private int rows;
    private Cell[][] screen;
    private Cell[][] savedMainScreen;
    private int row;
    private int col;
    private int savedRow;
    private int savedCol;
    private int top;
    private int bottom;
    private boolean wrapPending;
    private boolean cursorVisible = true;
    private int fg = -1;
    private int bg = -1;
    private boolean bold;
    private boolean inverse;
    private State state = State.TEXT;
    private final StringBuilder params = new StringBuilder();
    private int version;

    private enum State { TEXT, ESCAPE, CSI, OSC, OSC_ESCAPE, CHARSET }

    public TerminalBuffer(int cols, int rows, int scrollbackLimit) {
        this.scrollbackLimit = scrollbackLimit;
        this.cols = Math.max(1, cols);
        this.rows = Math.max(1, rows);
        screen = blankScreen(this.cols, this.rows);
        bottom = this.rows - 1;
    }

    public int cols() {
        return cols;
    }

    public int rows() {
        return rows;
    }

    public int cursorRow() {
        return row;
    }

    public int cursorCol() {
        return col;
    }

    public boolean cursorVisible() {
        return cursorVisible;
    }

    /** Grows with every change, so a view knows when to redraw. */
    public int version() {
        return version;
    }

    public Cell cell(int r, int c) {
        return screen[r][c];
    }

    /** Screen line {@code r} as text, trailing blanks removed. */
    public String line(int r) {
        return text(screen[r]);
    }

    public int scrollbackSize() {
        return scrollback.size();
    }

    /** Scrollback line {@code i}, 0 the oldest. */
    public Cell[] scrollbackLine(int i) {
        return scrollback.get(i);
    }

    /**
     * Row {@code r} of the view scrolled back by {@code offset} lines: with offset 0 the screen,
     * with offset k the last k scrollback lines above the top of the screen.
     */
    public Cell[] visibleLine(int r, int offset) {
        int index = scrollback.size() - offset + r;
        if (index < scrollback.size()) {
            return index < 0 ? new Cell[0] : scrollbackLine(index);
        }
        return screen[index - scrollback.size()];
    }

    /** The text between two view positions (inclusive, in reading order), lines joined by '\n'. */
    public String text(int fromRow, int fromCol, int toRow, int toCol, int offset) {
        if (fromRow > toRow || (fromRow == toRow && fromCol > toCol)) {
            return text(toRow, toCol, fromRow, fromCol, offset);
        }
        StringBuilder sb = new StringBuilder();
        for (int r = fromRow; r <= toRow; r++) {
            Cell[] line = visibleLine(r, offset);
            int start = r == fromRow ? fromCol : 0;
            int end = r == toRow ? Math.min(toCol, line.length - 1) : line.length - 1;
            StringBuilder part = new StringBuilder();
            for (int c = start; c <= end && c < line.length; c++) {
                part.appendCodePoint(line[c].codePoint());
            }
            sb.append(r == toRow ? part : part.toString().stripTrailing());
            if (r < toRow) {
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    public List<String> scrollbackText() {
        return scrollback.stream().map(TerminalBuffer::text).toList();
    }

    static String text(Cell[] line) {
        StringBuilder sb = new StringBuilder();
        for (Cell cell : line) {
            sb.appendCodePoint(cell.codePoint());
        }
        return sb.toString().stripTrailing();
    }

    /** Feeds bytes from the console stream; a UTF-8 sequence may be split across calls. */
    public void feed(byte[] bytes, int offset, int length) {
        CharBuffer chars = CharBuffer.allocate(length + 8);
        for (int i = offset; i < offset + length; i++) {
            pendingBytes.put(bytes[i]);
            pendingBytes.flip();
            utf8.decode(pendingBytes, chars, false);
            pendingBytes.compact();
        }
        chars.flip();
        while (chars.hasRemaining()) {
            char c = chars.get();
            int cp = c;
            if (Character.isHighSurrogate(c) && chars.hasRemaining()) {
                cp = Character.toCodePoint(c, chars.get());
            }
            accept(cp);
        }
        version++;
    }

    public void feed(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        feed(bytes, 0, bytes.length);
    }

    /** Changes the size; the content keeps its top-left corner, lines cut off at the bottom scroll back. */
    public void resize(int newCols, int newRows) {
        newCols = Math.max(1, newCols);
        newRows = Math.max(1, newRows);
        // Keep the cursor's line on screen: push lines above it into the scrollback first.
        int overflow = row - (newRows - 1);
        for (int i = 0; i < overflow; i++) {
            toScrollback(screen[0]);
            System.arraycopy(screen, 1, screen, 0, rows - 1);
            screen[rows - 1] = blankLine(cols);
        }
        row = Math.max(0, row - Math.max(0, overflow));
        Cell[][] resized = blankScreen(newCols, newRows);
        for (int r = 0; r < Math.min(rows, newRows); r++) {
            System.arraycopy(screen[r], 0, resized[r], 0, Math.min(cols, newCols));
        }
        screen = resized;
        cols = newCols;
        rows = newRows;
        top = 0;
        bottom = rows - 1;
        row = Math.min(row, rows - 1);
        col = Math.min(col, cols - 1);
        wrapPending = false;
        version++;
    }

    private void accept(int cp) {
        switch (state) {
            case TEXT -> text(cp);
            case ESCAPE -> escape(cp);
            case CSI -> csi(cp);
            case OSC -> {
                if (cp == 7) {
                    state = State.TEXT;
                } else if (cp == 27) {
                    state = State.OSC_ESCAPE;
                }
            }
            case OSC_ESCAPE -> state = cp == '\\' ? State.TEXT : State.OSC;
            case CHARSET -> state = State.TEXT;
        }
    }

    private void text(int cp) {
        switch (cp) {
            case 27 -> state = State.ESCAPE;
            case '\r' -> {
                col = 0;
                wrapPending = false;
            }
            case '\n', 11, 12 -> lineFeed();
            case '\b' -> {
                col = Math.max(0, col - 1);
                wrapPending = false;
            }
            case '\t' -> col = Math.min(cols - 1, (col / 8 + 1) * 8);
            case 7, 0, 14, 15 -> {
                // Bell and shift-in/out: nothing to draw.
            }
            default -> {
                if (cp >= 32) {
                    put(cp);
                }
            }
        }
    }

    private void put(int cp) {
        if (wrapPending) {
            col = 0;
            lineFeed();
            wrapPending = false;
        }
        screen[row][col] = new Cell(cp, fg, bg, bold, inverse);
        if (col == cols - 1) {
            // xterm's deferred wrap: the cursor stays on the last column until the next character.
            wrapPending = true;
        } else {
            col++;
        }
    }

    private void lineFeed() {
        wrapPending = false;
        if (row == bottom) {
            scrollUp(1);
        } else if (row < rows - 1) {
            row++;
        }
    }

    private void scrollUp(int n) {
        for (int i = 0; i < n; i++) {
            if (top == 0 && savedMainScreen == null) {
                toScrollback(screen[0]);
            }
            System.arraycopy(screen, top + 1, screen, top, bottom - top);
            screen[bottom] = blankLine(cols);
        }
    }

    private void scrollDown(int n) {
        for (int i = 0; i < n; i++) {
            System.arraycopy(screen, top, screen, top + 1, bottom - top);
            screen[top] = blankLine(cols);
        }
    }

    private void toScrollback(Cell[] line) {
        scrollback.add(line);
        if (scrollback.size() > scrollbackLimit) {
            scrollback.remove(0);
        }
    }

    private void escape(int cp) {
        state = State.TEXT;
        switch (cp) {
            case '[' -> {
                params.setLength(0);
                state = State.CSI;
            }
            case ']' -> state = State.OSC;
            case '(', ')' -> state = State.CHARSET;
            case '7' -> saveCursor();
            case '8' -> restoreCursor();
            case 'D' -> lineFeed();
            case 'E' -> {
                col = 0;
                lineFeed();
            }
            case 'M' -> {
                if (row == top) {
                    scrollDown(1);
                } else {
                    row = Math.max(0, row - 1);
                }
            }
            case 'c' -> reset();
            default -> {
                // Other two-character sequences (keypad modes, charsets) change nothing we draw.
            }
        }
    }

    private void csi(int cp) {
        if (cp >= 0x30 && cp <= 0x3F) {
            params.appendCodePoint(cp);
            return;
        }
        if (cp >= 0x20 && cp <= 0x2F) {
            return;
        }
        state = State.TEXT;
        boolean privateMode = params.length() > 0 && params.charAt(0) == '?';
        int[] p = numbers(privateMode ? params.substring(1) : params.toString());
        int n = Math.max(1, p.length > 0 ? p[0] : 1);
        wrapPending = false;
        switch (cp) {
            case 'A' -> row = Math.max(row >= top ? top : 0, row - n);
            case 'B' -> row = Math.min(row <= bottom ? bottom : rows - 1, row + n);
            case 'C' -> col = Math.min(cols - 1, col + n);
            case 'D' -> col = Math.max(0, col - n);
            case 'E' -> {
                row = Math.min(rows - 1, row + n);
                col = 0;
            }
            case 'F' -> {
                row = Math.max(0, row - n);
                col = 0;
            }
            case 'G', '`' -> col = clamp(n - 1, cols);
            case 'd' -> row = clamp(n - 1, rows);
            case 'H', 'f' -> {
                row = clamp((p.length > 0 && p[0] > 0 ? p[0] : 1) - 1, rows);
                col = clamp((p.length > 1 && p[1] > 0 ? p[1] : 1) - 1, cols);
            }
            case 'J' -> eraseDisplay(p.length > 0 ? p[0] : 0);
            case 'K' -> eraseLine(p.length > 0 ? p[0] : 0);
            case 'L' -> insertLines(n);
            case 'M' -> deleteLines(n);
            case 'P' -> deleteChars(n);
            case '@' -> insertChars(n);
            case 'X' -> {
                for (int c = col; c < Math.min(cols, col + n); c++) {
                    screen[row][c] = blank();
                }
            }
            case 'S' -> scrollUp(n);
            case 'T' -> scrollDown(n);
            case 'm' -> sgr(p);
            case 'r' -> {
                top = clamp((p.length > 0 && p[0] > 0 ? p[0] : 1) - 1, rows);
                bottom = clamp((p.length > 1 && p[1] > 0 ? p[1] : rows) - 1, rows);
                if (top >= bottom) {
                    top = 0;
                    bottom = rows - 1;
                }
                row = 0;
                col = 0;
            }
            case 's' -> saveCursor();
            case 'u' -> restoreCursor();
            case 'h', 'l' -> {
                if (privateMode) {
                    mode(p, cp == 'h');
                }
            }
            default -> {
                // Reports and modes we do not draw (device attributes, mouse) are ignored.
            }
        }
    }

    private void mode(int[] p, boolean set) {
        for (int m : p) {
            if (m == 25) {
                cursorVisible = set;
            } else if (m == 1049 || m == 47 || m == 1047) {
                alternateScreen(set);
            }
        }
    }

    /** Full-screen programs draw on a second screen and leave the shell's screen as it was. */
    private void alternateScreen(boolean enter) {
        if (enter && savedMainScreen == null) {
            saveCursor();
            savedMainScreen = screen;
            screen = blankScreen(cols, rows);
        } else if (!enter && savedMainScreen != null) {
            screen = savedMainScreen;
            savedMainScreen = null;
            restoreCursor();
        }
    }

    private void sgr(int[] p) {
        if (p.length == 0) {
            p = new int[] {0};
        }
        for (int i = 0; i < p.length; i++) {
            int code = p[i];
            if (code == 0) {
                fg = -1;
                bg = -1;
                bold = false;
                inverse = false;
            } else if (code == 1) {
                bold = true;
            } else if (code == 22) {
                bold = false;
            } else if (code == 7) {
                inverse = true;
            } else if (code == 27) {
                inverse = false;
            } else if (code >= 30 && code <= 37) {
                fg = code - 30;
            } else if (code == 39) {
                fg = -1;
            } else if (code >= 40 && code <= 47) {
                bg = code - 40;
            } else if (code == 49) {
                bg = -1;
            } else if (code >= 90 && code <= 97) {
                fg = code - 90 + 8;
            } else if (code >= 100 && code <= 107) {
                bg = code - 100 + 8;
            } else if ((code == 38 || code == 48) && i + 2 < p.length && p[i + 1] == 5) {
                // 256-colour: the first 16 map to ours, the rest to the nearest of the 16.
                int index = p[i + 2] < 16 ? p[i + 2] : 7;
                if (code == 38) {
                    fg = index;
                } else {
                    bg = index;
                }
                i += 2;
            }
        }
    }

    private void eraseDisplay(int how) {
        switch (how) {
            case 0 -> {
                eraseLine(0);
                for (int r = row + 1; r < rows; r++) {
                    screen[r] = blankLine(cols);
                }
            }
            case 1 -> {
                eraseLine(1);
                for (int r = 0; r < row; r++) {
                    screen[r] = blankLine(cols);
                }
            }
            default -> {
                for (int r = 0; r < rows; r++) {
                    screen[r] = blankLine(cols);
                }
            }
        }
    }

    private void eraseLine(int how) {
        int from = how == 0 ? col : 0;
        int to = how == 1 ? col : cols - 1;
        for (int c = from; c <= to; c++) {
            screen[row][c] = blank();
        }
    }

    private void insertLines(int n) {
        if (row < top || row > bottom) {
            return;
        }
        for (int i = 0; i < n; i++) {
            System.arraycopy(screen, row, screen, row + 1, bottom - row);
            screen[row] = blankLine(cols);
        }
    }

    private void deleteLines(int n) {
        if (row < top || row > bottom) {
            return;
        }
        for (int i = 0; i < n; i++) {
            System.arraycopy(screen, row + 1, screen, row, bottom - row);
            screen[bottom] = blankLine(cols);
        }
    }

    private void deleteChars(int n) {
        Cell[] line = screen[row];
        n = Math.min(n, cols - col);
        System.arraycopy(line, col + n, line, col, cols - col - n);
        Arrays.fill(line, cols - n, cols, blank());
    }

    private void insertChars(int n) {
        Cell[] line = screen[row];
        n = Math.min(n, cols - col);
        System.arraycopy(line, col, line, col + n, cols - col - n);
        Arrays.fill(line, col, col + n, blank());
    }

    private void saveCursor() {
        savedRow = row;
        savedCol = col;
    }

    private void restoreCursor() {
        row = Math.min(savedRow, rows - 1);
        col = Math.min(savedCol, cols - 1);
    }

    private void reset() {
        screen = blankScreen(cols, rows);
        savedMainScreen = null;
        row = 0;
        col = 0;
        top = 0;
        bottom = rows - 1;
        fg = -1;
        bg = -1;
        bold = false;
        inverse = false;
        cursorVisible = true;
    }

    /** Erased cells keep the current background colour, as xterm's do. */
    private Cell blank() {
        return bg == -1 ? Cell.BLANK : new Cell(' ', -1, bg, false, false);
    }

    private static int clamp(int value, int size) {
        return Math.max(0, Math.min(size - 1, value));
    }

    private static int[] numbers(String text) {
        if (text.isEmpty()) {
            return new int[0];
        }
        String[] parts = text.split(";", -1);
        int[] values = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                values[i] = parts[i].isEmpty() ? 0 : Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                values[i] = 0;
            }
        }
        return values;
    }

    private static Cell[] blankLine(int cols) {
        Cell[] line = new Cell[cols];
        Arrays.fill(line, Cell.BLANK);
        return line;
    }

    private static Cell[][] blankScreen(int cols, int rows) {
        Cell[][] s = new Cell[rows][];
        for (int r = 0; r < rows; r++) {
            s[r] = blankLine(cols);
        }
        return s;
    }
}
