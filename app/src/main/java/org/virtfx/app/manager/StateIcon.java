package org.virtfx.app.manager;

import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import org.virtfx.core.domain.DomainState;

/** A monitor whose screen shows the domain's state; drawn by the style sheet. */
final class StateIcon extends StackPane {
    private static final String[] STATE_CLASSES = {"running", "paused", "shutoff", "crashed"};

    StateIcon() {
        Region monitor = new Region();
        monitor.getStyleClass().add("monitor");
        Region glyph = new Region();
        glyph.getStyleClass().add("glyph");
        getStyleClass().add("state-icon");
        getChildren().addAll(monitor, glyph);
    }

    void show(DomainState state) {
        getStyleClass().removeAll(STATE_CLASSES);
        getStyleClass().add(styleClass(state));
    }

    static String styleClass(DomainState state) {
        if (state == null) {
            return "shutoff";
        }
        return switch (state) {
            case RUNNING, BLOCKED, SHUTDOWN -> "running";
            case PAUSED, PMSUSPENDED -> "paused";
            case CRASHED -> "crashed";
            default -> "shutoff";
        };
    }
}
