package org.virtfx.app.ui;

import java.util.function.Supplier;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

/** The small dialogs' common parts: a stage modal to its owner, and Cancel / Finish buttons. */
public final class ModalStages {

    private ModalStages() {
    }

    public static Stage modal(Window owner, String title) {
        Stage stage = new Stage();
        stage.initOwner(owner);
        stage.initModality(Modality.WINDOW_MODAL);
        stage.setTitle(title);
        return stage;
    }

    /**
     * Cancel closes the stage; Finish asks {@code problem} first, shows what it says next to the
     * form in {@code error}, and only when it says nothing closes the stage and runs {@code done}.
     */
    public static Button[] cancelFinish(Stage stage, Label error, Supplier<String> problem, Runnable done) {
        return cancelAnd("Finish", stage, error, problem, done);
    }

    /** {@link #cancelFinish} with another word on the default button: "Clone", "Delete", "Migrate". */
    public static Button[] cancelAnd(String action, Stage stage, Label error, Supplier<String> problem, Runnable done) {
        Button cancel = new Button("Cancel");
        cancel.setOnAction(e -> stage.close());
        Button finish = new Button(action);
        finish.setDefaultButton(true);
        finish.setOnAction(e -> {
            String found = problem.get();
            error.setText(found == null ? "" : found);
            if (found == null) {
                stage.close();
                done.run();
            }
        });
        return new Button[] {cancel, finish};
    }

    /** The buttons in a row at the bottom right, as GTK dialogs place them. */
    public static HBox buttonRow(Button... buttons) {
        HBox row = new HBox(8, buttons);
        row.setPadding(new Insets(0, 10, 10, 10));
        row.setAlignment(Pos.CENTER_RIGHT);
        return row;
    }

    /** The grid of a dialog's labelled fields; see {@link #labelsWhole}. */
    public static GridPane formGrid() {
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(6);
        grid.setPadding(new Insets(10));
        labelsWhole(grid);
        return grid;
    }

    /**
     * Keeps a form's label column as wide as its widest label and gives the fields the rest:
     * left alone, GridPane shrinks the labels first and shows "Na…" for "Name:".
     */
    public static void labelsWhole(GridPane grid) {
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints fields = new ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().setAll(labels, fields);
    }

    /** A label for errors next to a form, in GNOME's error red (a lighter red in the dark theme). */
    public static Label errorLabel() {
        Label error = new Label();
        error.getStyleClass().add("error-text");
        error.setWrapText(true);
        return error;
    }
}
