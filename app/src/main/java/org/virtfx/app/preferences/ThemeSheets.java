package org.virtfx.app.preferences;

import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.scene.Scene;
import javafx.stage.Window;
import org.virtfx.app.settings.Theme;

/**
 * Keeps every open window in VirtFX's look and the chosen theme: each window's scene gets the
 * base sheet (dialogs and alerts too, which do not inherit their owner's sheets) and, in the
 * dark theme, the dark sheet on top, now and for windows opened later. A view-side helper; the
 * theme itself is a preference.
 */
public final class ThemeSheets {
    private final String baseSheet;
    private final String darkSheet;
    private final ObservableValue<Theme> theme;

    public ThemeSheets(String baseSheet, ObservableValue<Theme> theme) {
        this.baseSheet = baseSheet;
        this.theme = theme;
        var url = ThemeSheets.class.getResource("dark.css");
        if (url == null) {
            throw new IllegalStateException("dark.css is missing next to ThemeSheets");
        }
        this.darkSheet = url.toExternalForm();
    }

    /** Starts following the theme for all windows of the application. */
    public void install() {
        Window.getWindows().addListener((ListChangeListener<Window>) change -> {
            while (change.next()) {
                change.getAddedSubList().forEach(this::apply);
            }
        });
        theme.addListener((obs, was, now) -> Window.getWindows().forEach(this::apply));
        Window.getWindows().forEach(this::apply);
    }

    private void apply(Window window) {
        Scene scene = window.getScene();
        if (scene == null) {
            window.sceneProperty().addListener((obs, was, now) -> {
                if (now != null) {
                    apply(window);
                }
            });
            return;
        }
        if (!scene.getStylesheets().contains(baseSheet)) {
            scene.getStylesheets().add(0, baseSheet);
        }
        scene.getStylesheets().remove(darkSheet);
        if (theme.getValue() == Theme.DARK) {
            scene.getStylesheets().add(darkSheet);
        }
    }
}
