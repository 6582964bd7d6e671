package org.virtfx.app.console;

import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

/**
 * The domain's console area. VirtFX has no console streams yet (no driver offers one), so,
 * like virt-manager when a console cannot connect, the area says why in centred text instead
 * of raising a dialog.
 */
public final class ConsoleView {
    private final String title;
    private final String driverName;

    public ConsoleView(String domainName, String connectionTitle, String driverName) {
        this.title = domainName + " on " + connectionTitle;
        this.driverName = driverName;
    }

    /** The message the console area shows. */
    public String message() {
        return "Text console not available: the " + driverName + " driver has no console streams";
    }

    public Stage show(String styleSheet) {
        Label label = new Label(message());
        label.setId("console-message");
        label.getStyleClass().add("console-message");
        label.setWrapText(true);
        StackPane area = new StackPane(label);
        area.getStyleClass().add("console-area");
        Stage stage = new Stage();
        stage.setTitle(title);
        Scene scene = new Scene(area, 720, 450);
        scene.getStylesheets().add(styleSheet);
        stage.setScene(scene);
        stage.show();
        return stage;
    }
}
