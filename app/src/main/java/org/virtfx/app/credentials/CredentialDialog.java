package org.virtfx.app.credentials;

import java.util.List;
import java.util.Optional;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

/** The credentials dialog, as virt-manager's "Authentication required": a field per request, OK and Cancel. */
public final class CredentialDialog {
    private final CredentialViewModel viewModel;

    public CredentialDialog(CredentialViewModel viewModel) {
        this.viewModel = viewModel;
    }

    /** Shows the dialog and waits; the answers when OK was pressed, empty on Cancel. */
    public Optional<List<String>> showAndWait(Window owner) {
        Dialog<List<String>> dialog = new Dialog<>();
        if (owner != null && owner.isShowing()) {
            dialog.initOwner(owner);
        }
        dialog.setTitle(viewModel.title());
        dialog.setHeaderText(viewModel.heading());
        ButtonType ok = new ButtonType("OK", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.CANCEL, ok);
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        int row = 0;
        for (CredentialViewModel.Field field : viewModel.fields()) {
            TextField input = field.secret() ? new PasswordField() : new TextField();
            input.setId("credential-" + row);
            input.setPrefColumnCount(24);
            input.textProperty().bindBidirectional(field.value());
            grid.addRow(row, new Label(field.label() + ":"), input);
            if (row == 0) {
                dialog.setOnShown(e -> input.requestFocus());
            }
            row++;
        }
        dialog.getDialogPane().setContent(grid);
        dialog.getDialogPane().lookupButton(ok).disableProperty().bind(viewModel.completeProperty().not());
        dialog.setResultConverter(button -> button == ok ? viewModel.answers() : null);
        return dialog.showAndWait();
    }
}
