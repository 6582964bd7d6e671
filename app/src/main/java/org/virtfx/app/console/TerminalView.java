package org.virtfx.app.console;

import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.scene.text.TextBoundsType;

/**
 * Draws a {@link TerminalBuffer} on a canvas and sends keys to its {@link TerminalSession}:
 * text, control keys, cursor and function keys; Ctrl+Shift+C copies the mouse selection and
 * Ctrl+Shift+V pastes; the mouse wheel scrolls back; resizing the view resizes the terminal.
 */
public final class TerminalView extends Region {
    /** The 16 ANSI colours, xterm's defaults. */
    private static final Color[] PALETTE = {
        Color.web("#000000"), Color.web("#cd0000"), Color.web("#00cd00"), Color.web("#cdcd00"),
        Color.web("#0000ee"), Color.web("#cd00cd"), Color.web("#00cdcd"), Color.web("#e5e5e5"),
        Color.web("#7f7f7f"), Color.web("#ff0000"), Color.web("#00ff00"), Color.web("#ffff00"),
        Color.web("#5c5cff"), Color.web("#ff00ff"), Color.web("#00ffff"), Color.web("#ffffff"),
    };
    private static final Color DEFAULT_FG = Color.web("#e5e5e5");
    private static final Color DEFAULT_BG = Color.BLACK;

    private final TerminalBuffer buffer;
    private final Canvas canvas = new Canvas();
    private final Font font = Font.font("Monospaced", 13);
    private final Font boldFont = Font.font("Monospaced", javafx.scene.text.FontWeight.BOLD, 13);
    private final double cellWidth;
    private final double cellHeight;
    private final double baseline;
    private TerminalSession session;
    private int offset;
    private int[] selectionStart;
    private int[] selectionEnd;

    public TerminalView(TerminalBuffer buffer) {
        this.buffer = buffer;
        Text probe = new Text("M");
        probe.setFont(font);
        probe.setBoundsType(TextBoundsType.LOGICAL);
        cellWidth = Math.ceil(probe.getLayoutBounds().getWidth());
        cellHeight = Math.ceil(probe.getLayoutBounds().getHeight());
        baseline = -probe.getLayoutBounds().getMinY();
        getStyleClass().add("terminal");
        getChildren().add(canvas);
        setFocusTraversable(true);
        setPrefSize(cellWidth * 80, cellHeight * 24);
        addEventHandler(KeyEvent.KEY_PRESSED, this::keyPressed);
        addEventHandler(KeyEvent.KEY_TYPED, this::keyTyped);
        addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
            requestFocus();
            selectionStart = cellAt(e);
            selectionEnd = null;
            draw();
        });
        addEventHandler(MouseEvent.MOUSE_DRAGGED, e -> {
            selectionEnd = cellAt(e);
            draw();
        });
        addEventHandler(ScrollEvent.SCROLL, e -> {
            offset = Math.max(0, Math.min(buffer.scrollbackSize(), offset + (e.getDeltaY() > 0 ? 3 : -3)));
            draw();
        });
    }

    /** Attaches the session keys go to; until then the view only shows. */
    public void attach(TerminalSession attached) {
        this.session = attached;
    }

    /** Redraws; the session calls it after the buffer changed. New output scrolls back to the bottom. */
    public void refresh() {
        offset = 0;
        draw();
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        int cols = Math.max(1, (int) (getWidth() / cellWidth));
        int rows = Math.max(1, (int) (getHeight() / cellHeight));
        if (session != null) {
            session.resize(cols, rows);
        } else if (cols != buffer.cols() || rows != buffer.rows()) {
            buffer.resize(cols, rows);
        }
        draw();
    }

    private int[] cellAt(MouseEvent e) {
        return new int[] {Math.max(0, Math.min(buffer.rows() - 1, (int) (e.getY() / cellHeight))),
            Math.max(0, Math.min(buffer.cols() - 1, (int) (e.getX() / cellWidth)))};
    }

    private void keyPressed(KeyEvent e) {
        if (session == null) {
            return;
        }
        if (e.isControlDown() && e.isShiftDown() && e.getCode() == KeyCode.C) {
            copy();
        } else if (e.isControlDown() && e.isShiftDown() && e.getCode() == KeyCode.V) {
            String text = Clipboard.getSystemClipboard().getString();
            if (text != null) {
                session.paste(text);
            }
        } else if (e.isControlDown() && e.getCode().isLetterKey()) {
            session.send(TerminalKey.control(e.getCode().getName().charAt(0)));
        } else {
            TerminalKey key = switch (e.getCode()) {
                case ENTER -> TerminalKey.ENTER;
                case BACK_SPACE -> TerminalKey.BACKSPACE;
                case TAB -> TerminalKey.TAB;
                case ESCAPE -> TerminalKey.ESCAPE;
                case UP -> TerminalKey.UP;
                case DOWN -> TerminalKey.DOWN;
                case LEFT -> TerminalKey.LEFT;
                case RIGHT -> TerminalKey.RIGHT;
                case HOME -> TerminalKey.HOME;
                case END -> TerminalKey.END;
                case INSERT -> TerminalKey.INSERT;
                case DELETE -> TerminalKey.DELETE;
                case PAGE_UP -> TerminalKey.PAGE_UP;
                case PAGE_DOWN -> TerminalKey.PAGE_DOWN;
                case F1 -> TerminalKey.F1;
                case F2 -> TerminalKey.F2;
                case F3 -> TerminalKey.F3;
                case F4 -> TerminalKey.F4;
                case F5 -> TerminalKey.F5;
                case F6 -> TerminalKey.F6;
                case F7 -> TerminalKey.F7;
                case F8 -> TerminalKey.F8;
                case F9 -> TerminalKey.F9;
                case F10 -> TerminalKey.F10;
                case F11 -> TerminalKey.F11;
                case F12 -> TerminalKey.F12;
                default -> null;
            };
            if (key == null) {
                return;
            }
            session.send(key.bytes());
        }
        // Keys belong to the guest: Tab must not move focus, Enter must not press a default button.
        e.consume();
    }

    private void keyTyped(KeyEvent e) {
        String text = e.getCharacter();
        if (session == null || e.isControlDown() || text.isEmpty() || text.charAt(0) < 32 || text.charAt(0) == 127) {
            return;
        }
        session.send(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        e.consume();
    }

    /** Copies the selection to the system clipboard. */
    public void copy() {
        if (selectionStart == null || selectionEnd == null) {
            return;
        }
        ClipboardContent content = new ClipboardContent();
        content.putString(buffer.text(selectionStart[0], selectionStart[1], selectionEnd[0], selectionEnd[1], offset));
        Clipboard.getSystemClipboard().setContent(content);
    }

    private boolean selected(int r, int c) {
        if (selectionStart == null || selectionEnd == null) {
            return false;
        }
        int[] a = selectionStart;
        int[] b = selectionEnd;
        if (a[0] > b[0] || (a[0] == b[0] && a[1] > b[1])) {
            int[] t = a;
            a = b;
            b = t;
        }
        long at = (long) r * 100_000 + c;
        return at >= (long) a[0] * 100_000 + a[1] && at <= (long) b[0] * 100_000 + b[1];
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.setFill(DEFAULT_BG);
        g.fillRect(0, 0, canvas.getWidth(), canvas.getHeight());
        for (int r = 0; r < buffer.rows(); r++) {
            Cell[] line = buffer.visibleLine(r, offset);
            for (int c = 0; c < line.length; c++) {
                Cell cell = line[c];
                Color fg = cell.fg() < 0 ? DEFAULT_FG : PALETTE[cell.bold() && cell.fg() < 8 ? cell.fg() + 8 : cell.fg()];
                Color bg = cell.bg() < 0 ? DEFAULT_BG : PALETTE[cell.bg()];
                boolean cursor = offset == 0 && buffer.cursorVisible() && r == buffer.cursorRow()
                        && c == buffer.cursorCol() && isFocused();
                if (cell.inverse() ^ cursor ^ selected(r, c)) {
                    Color t = fg;
                    fg = bg;
                    bg = t;
                }
                if (bg != DEFAULT_BG) {
                    g.setFill(bg);
                    g.fillRect(c * cellWidth, r * cellHeight, cellWidth, cellHeight);
                }
                if (cell.codePoint() != ' ') {
                    g.setFill(fg);
                    g.setFont(cell.bold() ? boldFont : font);
                    g.fillText(cell.text(), c * cellWidth, r * cellHeight + baseline);
                }
            }
        }
        if (offset == 0 && buffer.cursorVisible() && !isFocused()) {
            g.setStroke(DEFAULT_FG);
            g.strokeRect(buffer.cursorCol() * cellWidth + 0.5, buffer.cursorRow() * cellHeight + 0.5,
                    cellWidth - 1, cellHeight - 1);
        }
    }
}
