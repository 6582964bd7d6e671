package org.virtfx.app.console;

/**
 * One character cell of the terminal screen.
 *
 * @param fg foreground colour index 0-15, or -1 for the default
 * @param bg background colour index 0-15, or -1 for the default
 */
public record Cell(int codePoint, int fg, int bg, boolean bold, boolean inverse) {

    public static final Cell BLANK = new Cell(' ', -1, -1, false, false);

    public String text() {
        return new String(Character.toChars(codePoint));
    }
}
