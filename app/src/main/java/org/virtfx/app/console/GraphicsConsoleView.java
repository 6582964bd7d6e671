package org.virtfx.app.console;

import javafx.beans.value.ObservableBooleanValue;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.image.Image;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.StackPane;
import javafx.stage.Window;
import org.virtfx.app.vnc.view.VncView;

/**
 * The graphical console: the guest's screen, scaled to the area or 1:1 in a scroll pane, and
 * while the keyboard is grabbed a hint saying which keys release it.
 */
public final class GraphicsConsoleView extends StackPane {
    private final VncView screen;
    private final ScrollPane scroll;

    /** @param scaled whether the screen is scaled to the area now (the scaling choice and fullscreen) */
    public GraphicsConsoleView(GraphicsConsoleViewModel viewModel, ObservableBooleanValue scaled) {
        screen = new VncView(viewModel.ui(), viewModel.input());
        screen.setId("vnc-view");
        screen.scaleToFitProperty().bind(scaled);
        viewModel.setDisplay(screen);
        viewModel.sessionProperty().addListener((obs, was, now) -> screen.attach(now));
        screen.focusedProperty().addListener((obs, was, now) -> viewModel.keyboardGrabbedProperty().set(now));
        // Ctrl+Alt: the focus leaves the screen, so the window's own keys work again.
        screen.setOnRelease(this::requestFocus);
        scroll = new ScrollPane(screen);
        scroll.setId("vnc-scroll");
        scroll.setFitToWidth(true);
        scroll.setFitToHeight(true);
        scroll.getStyleClass().add("console-area");
        // The scroll pane's skin caches its viewport as a bitmap, which suits content that
        // scrolls but stands still; a guest's screen changes under it, and every change (a
        // blinking cursor) rebuilt the whole cached bitmap before drawing it again.
        scroll.skinProperty().addListener((obs, was, now) -> {
            Node viewport = scroll.lookup(".viewport");
            if (viewport != null) {
                viewport.setCache(false);
            }
        });
        Label hint = new Label(viewModel.releaseHint());
        hint.setId("grab-hint");
        hint.getStyleClass().add("grab-hint");
        hint.setMouseTransparent(true);
        hint.visibleProperty().bind(viewModel.keyboardGrabbedProperty());
        StackPane.setAlignment(hint, Pos.BOTTOM_CENTER);
        getChildren().addAll(scroll, hint);
    }

    /**
     * Makes the grab hold in {@code window}: while the screen has the focus, every key goes to
     * the guest before the window's accelerators see it.
     */
    public void grabKeysIn(Window window) {
        window.addEventFilter(KeyEvent.ANY, e -> {
            if (screen.isFocused()) {
                screen.takeKey(e);
            }
        });
    }

    /** The drawing surface. */
    public VncView screen() {
        return screen;
    }

    /** virt-manager's View ▸ Resize to VM: grows or shrinks the window so the screen fits 1:1. */
    public void resizeWindowToScreen() {
        Image picture = screen.screenProperty().get();
        Window window = getScene() == null ? null : getScene().getWindow();
        if (picture == null || window == null) {
            return;
        }
        window.setWidth(window.getWidth() + picture.getWidth() - scroll.getViewportBounds().getWidth());
        window.setHeight(window.getHeight() + picture.getHeight() - scroll.getViewportBounds().getHeight());
    }
}
