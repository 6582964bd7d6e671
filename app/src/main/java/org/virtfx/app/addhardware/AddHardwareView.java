package org.virtfx.app.addhardware;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.virtfx.app.ui.ModalStages;

/** "Add New Virtual Hardware": kinds on the left, the kind's form on the right, Cancel / Finish. */
public final class AddHardwareView {
    private final AddHardwareViewModel viewModel;
    private final Consumer<NewHardware> finish;

    /** @param finish receives the new device, and the disk image to create for it */
    public AddHardwareView(AddHardwareViewModel viewModel, Consumer<NewHardware> finish) {
        this.viewModel = viewModel;
        this.finish = finish;
    }

    public Stage show(Window owner) {
        Stage stage = ModalStages.modal(owner, "Add New Virtual Hardware");
        ListView<NewDeviceKind> kinds = new ListView<>();
        kinds.setId("hardware-kinds");
        kinds.getItems().setAll(NewDeviceKind.values());
        kinds.setPrefWidth(170);
        kinds.setCellFactory(list -> new KindCell());
        kinds.getSelectionModel().select(viewModel.kindProperty().get());
        kinds.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null) {
                viewModel.kindProperty().set(now);
            }
        });
        Map<NewDeviceKind, Node> forms = new EnumMap<>(NewDeviceKind.class);
        ScrollPane form = new ScrollPane(forms.computeIfAbsent(viewModel.kindProperty().get(),
                k -> NewDeviceForms.form(viewModel, k)));
        form.setFitToWidth(true);
        viewModel.kindProperty().addListener((o, was, now) ->
                form.setContent(forms.computeIfAbsent(now, k -> NewDeviceForms.form(viewModel, k))));

        Label error = new Label();
        error.setId("add-hardware-error");
        error.getStyleClass().add("field-error");
        error.setWrapText(true);
        error.textProperty().bind(viewModel.errorProperty());
        Button cancel = new Button("Cancel");
        cancel.setCancelButton(true);
        cancel.setOnAction(e -> stage.close());
        Button done = new Button("Finish");
        done.setId("add-hardware-finish");
        done.setDefaultButton(true);
        done.setOnAction(e -> viewModel.finish().ifPresent(hardware -> {
            stage.close();
            finish.accept(hardware);
        }));
        Label whenApplied = new Label();
        whenApplied.setId("add-hardware-when-applied");
        whenApplied.setWrapText(true);
        whenApplied.textProperty().bind(viewModel.whenAppliedProperty());
        whenApplied.visibleProperty().bind(viewModel.whenAppliedProperty().isNotEmpty());
        whenApplied.managedProperty().bind(whenApplied.visibleProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox buttons = new HBox(8, error, spacer, cancel, done);
        buttons.setAlignment(Pos.CENTER_RIGHT);
        buttons.setPadding(new Insets(8));
        BorderPane root = new BorderPane(form, null, null, new VBox(4, whenApplied, buttons), kinds);
        VBox.setMargin(whenApplied, new Insets(0, 8, 0, 8));
        stage.setScene(new Scene(root, 720, 540));
        if (owner != null && owner.getScene() != null) {
            stage.getScene().getStylesheets().setAll(owner.getScene().getStylesheets());
        }
        stage.show();
        return stage;
    }

    /**
     * A kind the domain cannot have is greyed out with the reason as tooltip, and a click does
     * not select it. Not disabled: a disabled cell would show no tooltip.
     */
    private final class KindCell extends ListCell<NewDeviceKind> {
        private Optional<String> unavailable = Optional.empty();
        private final BooleanProperty faded = new SimpleBooleanProperty();

        KindCell() {
            // Faded yet readable (4.5:1 in both themes); a selected one (reached by the keyboard)
            // is drawn whole on the selection colour, its slant still saying it cannot be added.
            opacityProperty().bind(Bindings.when(faded.and(selectedProperty().not())).then(0.7).otherwise(1.0));
            addEventFilter(MouseEvent.MOUSE_PRESSED, e -> {
                if (unavailable.isPresent()) {
                    e.consume();
                }
            });
        }

        @Override
        protected void updateItem(NewDeviceKind kind, boolean empty) {
            super.updateItem(kind, empty);
            unavailable = empty || kind == null ? Optional.empty() : viewModel.unavailable(kind);
            setText(empty || kind == null ? null : kind.toString());
            setTooltip(unavailable.map(Tooltip::new).orElse(null));
            faded.set(unavailable.isPresent());
            setStyle(unavailable.isPresent() ? "-fx-font-style: italic;" : null);
        }
    }
}
