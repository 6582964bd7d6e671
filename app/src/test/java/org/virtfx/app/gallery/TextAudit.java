package org.virtfx.app.gallery;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import javafx.scene.image.Image;
import javafx.scene.image.PixelReader;
import javafx.scene.paint.Color;
import javafx.scene.text.Text;

/**
 * Reads a rendered window as a person would: every label or button must show its whole text,
 * and every piece of text must stand out from what is drawn behind it by WCAG AA's 4.5:1.
 * The background is the colour most pixels under the text have in the snapshot; the text's
 * colour is its fill laid over that background with the opacity of its node and parents.
 * Disabled controls are exempt from the contrast rule, as WCAG exempts inactive components; a
 * node whose text may be shortened on purpose (a long path in a table) carries the style class
 * {@value #MAY_SHORTEN}.
 */
final class TextAudit {
    static final String MAY_SHORTEN = "may-shorten";
    static final double AA_RATIO = 4.5;

    private final Scene scene;
    private final PixelReader pixels;
    private final int width;
    private final int height;
    private final List<String> problems = new ArrayList<>();

    private TextAudit(Scene scene, Image shot) {
        this.scene = scene;
        this.pixels = shot.getPixelReader();
        this.width = (int) shot.getWidth();
        this.height = (int) shot.getHeight();
    }

    /** What a reader would trip over in {@code scene}, rendered as {@code shot}. */
    static List<String> problems(Scene scene, Image shot) {
        TextAudit audit = new TextAudit(scene, shot);
        audit.walk(scene.getRoot(), 1.0, false, false);
        return audit.problems;
    }

    private void walk(Node node, double opacity, boolean disabled, boolean mayShorten) {
        if (!node.isVisible() || node.getOpacity() == 0) {
            return;
        }
        double seen = opacity * node.getOpacity();
        boolean off = disabled || node.isDisabled();
        boolean shortens = mayShorten || node.getStyleClass().contains(MAY_SHORTEN);
        if (node instanceof Labeled labeled && !shortens) {
            checkWhole(labeled);
        }
        if (node instanceof Text text && !off) {
            checkContrast(text, seen);
        }
        if (node instanceof Parent parent) {
            for (Node child : parent.getChildrenUnmodifiable()) {
                walk(child, seen, off, shortens);
            }
        }
    }

    private void checkWhole(Labeled labeled) {
        String full = labeled.getText();
        if (full == null || full.isBlank() || visibleArea(labeled) == null) {
            return;
        }
        for (Node child : labeled.getChildrenUnmodifiable()) {
            if (child instanceof Text text && child.isVisible()) {
                String shown = text.getText();
                String expected = labeled.isMnemonicParsing() ? withoutMnemonic(full) : full;
                if (!shown.equals(expected) && !shown.equals(full)) {
                    problems.add("cut: '" + full + "' shows as '" + shown + "' (" + describe(labeled) + ", "
                            + Math.round(labeled.getWidth()) + " px wide)");
                    return;
                }
                // A list row shows its whole text but the list cuts it off at its edge, scroll bar or not.
                Bounds seen = visibleArea(text);
                double wide = text.localToScene(text.getBoundsInLocal()).getWidth();
                if (seen != null && !labeled.isWrapText() && seen.getWidth() < wide - 2) {
                    problems.add("cut: '" + full + "' shows " + Math.round(seen.getWidth()) + " of "
                            + Math.round(wide) + " px (" + describe(labeled) + ")");
                }
                return;
            }
        }
    }

    private static String withoutMnemonic(String text) {
        int at = text.indexOf('_');
        return at < 0 || at == text.length() - 1 ? text : text.substring(0, at) + text.substring(at + 1);
    }

    private void checkContrast(Text text, double opacity) {
        String content = text.getText();
        // A field's selected text is drawn in the selection's colour over the highlight.
        boolean selected = text.getSelectionStart() == 0 && text.getSelectionEnd() >= content.length();
        if (content.isBlank() || !((selected ? text.getSelectionFill() : text.getFill()) instanceof Color fill)) {
            return;
        }
        Bounds area = visibleArea(text);
        if (area == null || area.getWidth() < 3 || area.getHeight() < 6) {
            return;
        }
        Color background = commonest(area);
        Color foreground = over(fill, fill.getOpacity() * opacity, background);
        double ratio = contrast(foreground, background);
        if (ratio < AA_RATIO) {
            problems.add(String.format("unreadable: '%s' %.2f:1, %s on %s (%s)", shorten(content), ratio,
                    hex(foreground), hex(background), describe(text)));
        }
    }

    /** The part of a node's bounds that is drawn: inside the window and inside every clip above it. */
    private Bounds visibleArea(Node node) {
        Bounds bounds = node.localToScene(node.getBoundsInLocal());
        double minX = Math.max(0, bounds.getMinX());
        double minY = Math.max(0, bounds.getMinY());
        double maxX = Math.min(Math.min(width, scene.getWidth()), bounds.getMaxX());
        double maxY = Math.min(Math.min(height, scene.getHeight()), bounds.getMaxY());
        for (Node n = node; n != null; n = n.getParent()) {
            if (n.getClip() != null) {
                Bounds clip = n.localToScene(n.getClip().getBoundsInParent());
                minX = Math.max(minX, clip.getMinX());
                minY = Math.max(minY, clip.getMinY());
                maxX = Math.min(maxX, clip.getMaxX());
                maxY = Math.min(maxY, clip.getMaxY());
            }
        }
        return maxX - minX < 1 || maxY - minY < 1 ? null : new BoundingBox(minX, minY, maxX - minX, maxY - minY);
    }

    /**
     * The colour most common on the edge of the text's box: glyphs rarely reach it, even a
     * solid one such as ▶ that fills most of the box inside.
     */
    private Color commonest(Bounds area) {
        Map<Integer, Integer> counts = new HashMap<>();
        int left = (int) Math.floor(area.getMinX());
        int top = (int) Math.floor(area.getMinY());
        int right = Math.min(width, (int) Math.ceil(area.getMaxX())) - 1;
        int bottom = Math.min(height, (int) Math.ceil(area.getMaxY())) - 1;
        for (int x = left; x <= right; x++) {
            counts.merge(pixels.getArgb(x, top), 1, Integer::sum);
            counts.merge(pixels.getArgb(x, bottom), 1, Integer::sum);
        }
        for (int y = top; y <= bottom; y++) {
            counts.merge(pixels.getArgb(left, y), 1, Integer::sum);
            counts.merge(pixels.getArgb(right, y), 1, Integer::sum);
        }
        int argb = counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        return Color.rgb((argb >> 16) & 0xff, (argb >> 8) & 0xff, argb & 0xff);
    }

    private static Color over(Color top, double alpha, Color below) {
        double a = Math.max(0, Math.min(1, alpha));
        return Color.color(top.getRed() * a + below.getRed() * (1 - a), top.getGreen() * a + below.getGreen() * (1 - a),
                top.getBlue() * a + below.getBlue() * (1 - a));
    }

    /** WCAG 2's contrast ratio of two opaque colours. */
    static double contrast(Color a, Color b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    private static double luminance(Color c) {
        return 0.2126 * channel(c.getRed()) + 0.7152 * channel(c.getGreen()) + 0.0722 * channel(c.getBlue());
    }

    private static double channel(double v) {
        return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }

    private static String hex(Color c) {
        return String.format("#%02x%02x%02x", Math.round(c.getRed() * 255), Math.round(c.getGreen() * 255),
                Math.round(c.getBlue() * 255));
    }

    private static String shorten(String text) {
        String line = text.strip().replace('\n', ' ');
        return line.length() > 40 ? line.substring(0, 40) + "..." : line;
    }

    /** The node and its nearest parents with an id or a style class, so the report says where. */
    private static String describe(Node node) {
        StringBuilder path = new StringBuilder();
        int shown = 0;
        for (Node n = node; n != null && shown < 3; n = n.getParent()) {
            if (n.getId() != null || n == node || !n.getStyleClass().isEmpty()) {
                if (path.length() > 0) {
                    path.append(" in ");
                }
                path.append(n.getClass().getSimpleName());
                if (n.getId() != null) {
                    path.append('#').append(n.getId());
                } else if (!n.getStyleClass().isEmpty()) {
                    path.append('.').append(n.getStyleClass().get(0));
                }
                shown++;
            }
        }
        return path.toString();
    }
}
