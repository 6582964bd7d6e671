package org.virtfx.app.testing;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import javafx.scene.text.Text;

/**
 * The labels and buttons of a laid-out scene whose text is shown shortened ("Applicat…"): the
 * skin draws a {@code Text} whose string differs from the control's own text.
 */
public final class CutLabels {
    private CutLabels() {
    }

    /** The texts shown cut under {@code root}, visible ones only, each as "full text → shown". */
    public static List<String> in(Parent root) {
        root.applyCss();
        root.layout();
        List<String> cut = new ArrayList<>();
        collect(root, cut);
        return cut;
    }

    private static void collect(Node node, List<String> cut) {
        if (!node.isVisible()) {
            return;
        }
        if (node instanceof Labeled labeled && labeled.getText() != null && !labeled.getText().isEmpty()) {
            for (Node child : labeled.getChildrenUnmodifiable()) {
                if (child instanceof Text shown && shown.getText() != null
                        && !shown.getText().equals(labeled.getText())
                        && shown.getText().endsWith(labeled.getEllipsisString())) {
                    cut.add(labeled.getText() + " → " + shown.getText());
                }
            }
        }
        if (node instanceof Parent parent) {
            parent.getChildrenUnmodifiable().forEach(child -> collect(child, cut));
        }
    }
}
