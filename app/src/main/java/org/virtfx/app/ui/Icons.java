package org.virtfx.app.ui;

import javafx.scene.layout.Region;

/** The application's icons: regions shaped by virtfx.css ({@code .icon-run} and so on), so they follow the theme. */
public final class Icons {
    private Icons() {
    }

    public static Region icon(String styleClass) {
        Region icon = new Region();
        icon.getStyleClass().addAll("icon", styleClass);
        return icon;
    }
}
