package org.virtfx.app.ui;

import java.util.function.Supplier;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
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
        Button cancel = new Button("Cancel");
        cancel.setOnAction(e -> stage.close());
        Button finish = new Button("Finish");
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
}
