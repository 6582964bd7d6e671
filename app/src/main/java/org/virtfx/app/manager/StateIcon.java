package org.virtfx.app.manager;

import javafx.css.PseudoClass;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import org.virtfx.core.domain.DomainState;

/**
 * A monitor whose screen shows the domain's state; drawn by the style sheet. The state is a
 * pseudo-class ({@code .state-icon:running}), not a style class: a cell re-used for another
 * row while scrolling then only switches between styles already matched, where a changed
 * style class made JavaFX match the icon and its children against the style sheets again.
 */
final class StateIcon extends StackPane {
    private static final PseudoClass RUNNING = PseudoClass.getPseudoClass("running");
    private static final PseudoClass PAUSED = PseudoClass.getPseudoClass("paused");
    private static final PseudoClass SHUTOFF = PseudoClass.getPseudoClass("shutoff");
    private static final PseudoClass CRASHED = PseudoClass.getPseudoClass("crashed");

    private PseudoClass shown;

    StateIcon() {
        Region monitor = new Region();
        monitor.getStyleClass().add("monitor");
        Region glyph = new Region();
        glyph.getStyleClass().add("glyph");
        getStyleClass().add("state-icon");
        getChildren().addAll(monitor, glyph);
    }

    void show(DomainState state) {
        PseudoClass next = pseudoClass(state);
        if (next != shown) {
            if (shown != null) {
                pseudoClassStateChanged(shown, false);
            }
            pseudoClassStateChanged(next, true);
            shown = next;
        }
    }

    static PseudoClass pseudoClass(DomainState state) {
        if (state == null) {
            return SHUTOFF;
        }
        return switch (state) {
            case RUNNING, BLOCKED, SHUTDOWN -> RUNNING;
            case PAUSED, PMSUSPENDED -> PAUSED;
            case CRASHED -> CRASHED;
            default -> SHUTOFF;
        };
    }
}
