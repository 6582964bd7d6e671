package org.virtfx.app.ui;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.function.Consumer;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.TextArea;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import java.util.function.Supplier;
import javafx.stage.Window;

/** Dialogs as JavaFX alerts, owned by the window that asked. */
public final class FxDialogService implements DialogService {
    private static final Logger LOG = System.getLogger(FxDialogService.class.getName());
    private final Supplier<Window> owner;
    private final Consumer<String> statusLine;

    /**
     * @param owner the window dialogs are modal to, or null before there is one
     * @param statusLine where notifications are shown
     */
    public FxDialogService(Supplier<Window> owner, Consumer<String> statusLine) {
        this.owner = owner;
        this.statusLine = statusLine;
    }

    /**
     * The same service for another window: its questions and errors come up over that window,
     * not the manager, so a person sees what became of what they did where they did it.
     */
    public FxDialogService ownedBy(Supplier<Window> window) {
        return new FxDialogService(window, statusLine);
    }

    @Override
    public ConfirmAnswer confirm(Confirmation confirmation) {
        ButtonType no = new ButtonType("No", ButtonBar.ButtonData.NO);
        ButtonType yes = new ButtonType("Yes", ButtonBar.ButtonData.YES);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, "", no, yes);
        alert.initOwner(owner.get());
        alert.setTitle(confirmation.title());
        alert.setHeaderText(confirmation.question());
        CheckBox dontAsk = new CheckBox("Don't ask me again");
        VBox content = new VBox(12);
        javafx.scene.control.Label explanation = new javafx.scene.control.Label(confirmation.explanation());
        explanation.setWrapText(true);
        content.getChildren().add(explanation);
        if (confirmation.offerDontAskAgain()) {
            content.getChildren().add(dontAsk);
        }
        alert.getDialogPane().setContent(content);
        alert.getDialogPane().setPrefWidth(440);
        // Default to the safe answer: Enter on an unread dialog must not destroy anything.
        ((javafx.scene.control.Button) alert.getDialogPane().lookupButton(yes)).setDefaultButton(false);
        ((javafx.scene.control.Button) alert.getDialogPane().lookupButton(no)).setDefaultButton(true);
        boolean accepted = alert.showAndWait().filter(yes::equals).isPresent();
        return new ConfirmAnswer(accepted, accepted && dontAsk.isSelected());
    }

    @Override
    public void showError(String summary, Throwable cause) {
        LOG.log(Level.ERROR, summary, cause);
        Alert alert = new Alert(Alert.AlertType.ERROR);
        alert.initOwner(owner.get());
        alert.setTitle("Error");
        alert.setHeaderText(summary);
        alert.setContentText(ErrorText.message(cause));
        TextArea details = new TextArea(ErrorText.details(cause));
        details.setEditable(false);
        details.setWrapText(false);
        details.getStyleClass().add("xml-view");
        VBox.setVgrow(details, Priority.ALWAYS);
        alert.getDialogPane().setExpandableContent(new VBox(details));
        alert.getDialogPane().setPrefWidth(520);
        alert.showAndWait();
    }

    @Override
    public void notify(String message) {
        LOG.log(Level.INFO, message);
        statusLine.accept(message);
    }
}
