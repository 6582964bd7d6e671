package org.virtfx.app.help;

import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * virt-manager's Help menu: Contents (F1), VirtFX's help text in a window of its own, and
 * About. One window of help at a time; Contents brings it forward.
 */
public final class HelpMenu {
    private static final String VERSION = "0.1.0";

    private final Window owner;
    private Stage contents;

    public HelpMenu(Window owner) {
        this.owner = owner;
    }

    public Menu menu() {
        MenuItem help = new MenuItem("Contents");
        help.setId("help-contents");
        help.setAccelerator(KeyCombination.keyCombination("F1"));
        help.setOnAction(e -> showContents());
        MenuItem about = new MenuItem("About");
        about.setId("help-about");
        about.setOnAction(e -> showAbout());
        return new Menu("Help", null, help, about);
    }

    /** The help window: topics on the left, the chosen one's text on the right. */
    public Stage showContents() {
        if (contents != null && contents.isShowing()) {
            contents.toFront();
            return contents;
        }
        ListView<HelpTopic> topics = new ListView<>();
        topics.setId("help-topics");
        topics.getItems().setAll(HelpTopic.contents());
        Label title = new Label();
        title.setId("help-title");
        title.setStyle("-fx-font-weight: bold; -fx-font-size: 1.2em;");
        Label body = new Label();
        body.setId("help-body");
        body.setWrapText(true);
        topics.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            title.setText(now == null ? "" : now.title());
            body.setText(now == null ? "" : now.body());
        });
        VBox page = new VBox(10, title, body);
        page.setPadding(new Insets(12));
        ScrollPane scroll = new ScrollPane(page);
        scroll.setFitToWidth(true);
        SplitPane split = new SplitPane(topics, scroll);
        split.setDividerPositions(0.3);
        contents = new Stage();
        contents.initOwner(owner);
        contents.setTitle("VirtFX Help");
        contents.setScene(new Scene(split, 760, 520));
        topics.getSelectionModel().selectFirst();
        contents.show();
        return contents;
    }

    public void showAbout() {
        Alert alert = new Alert(Alert.AlertType.INFORMATION);
        alert.initOwner(owner);
        alert.setTitle("About VirtFX");
        alert.setHeaderText("VirtFX " + VERSION);
        alert.setContentText("A desktop manager for virtual machines and Linux containers, after virt-manager."
                + "\nIts drivers follow libvirt's behaviour and XML.");
        alert.show();
    }
}
