package org.virtfx.app.details;

import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.Property;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableValue;
import javafx.collections.ObservableList;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import org.virtfx.app.ui.ModalStages;

/**
 * A labelled two-column form whose fields are bound both ways to view-model properties: the
 * detail pages' forms and Add Hardware's.
 */
public final class FormGrid {
    private final GridPane grid = new GridPane();
    private int row;
    private Node lastLabel;
    private Node lastField;

    public FormGrid() {
        grid.getStyleClass().add("form-grid");
        grid.setHgap(8);
        grid.setVgap(6);
        grid.setStyle("-fx-padding: 10;");
        ModalStages.labelsWhole(grid);
    }

    public GridPane node() {
        return grid;
    }

    public FormGrid heading(String text) {
        Label heading = new Label(text);
        heading.setStyle("-fx-font-weight: bold;");
        grid.add(heading, 0, row++, 2, 1);
        return this;
    }

    public FormGrid text(String label, String id, Property<String> value) {
        TextField field = new TextField();
        field.setId(id);
        field.textProperty().bindBidirectional(value);
        return add(label, field);
    }

    public FormGrid area(String label, String id, Property<String> value, String prompt) {
        TextArea area = new TextArea();
        area.setId(id);
        area.setPrefRowCount(3);
        area.setPromptText(prompt);
        area.textProperty().bindBidirectional(value);
        return add(label, area);
    }

    public FormGrid check(String label, String id, BooleanProperty value) {
        CheckBox box = new CheckBox(label);
        box.setId(id);
        box.selectedProperty().bindBidirectional(value);
        grid.add(box, 1, row++);
        lastLabel = null;
        lastField = box;
        return this;
    }

    public FormGrid choice(String label, String id, Property<String> value, String... choices) {
        ComboBox<String> combo = new ComboBox<>();
        combo.setId(id);
        combo.setEditable(true);
        combo.getItems().addAll(choices);
        combo.valueProperty().bindBidirectional(value);
        return add(label, combo);
    }

    /**
     * A drop-down of a fixed set of values (what libvirt's schema allows); an observable list of
     * choices follows the page, as a controller's models follow its type.
     */
    public FormGrid pick(String label, String id, Property<String> value, List<String> choices) {
        ComboBox<String> combo = new ComboBox<>();
        combo.setId(id);
        if (choices instanceof ObservableList<String> live) {
            combo.setItems(live);
        } else {
            combo.getItems().addAll(choices);
        }
        combo.valueProperty().bindBidirectional(value);
        return add(label, combo);
    }

    /** Greys out the last field while {@code enabled} is false. */
    public FormGrid enabledWhen(ObservableBooleanValue enabled) {
        lastField.disableProperty().bind(javafx.beans.binding.Bindings.not(enabled));
        return this;
    }

    /** Shows the last row, label and field, only while {@code shown} is true. */
    public FormGrid shownWhen(ObservableBooleanValue shown) {
        for (Node node : new Node[] {lastLabel, lastField}) {
            if (node != null) {
                node.visibleProperty().bind(shown);
                node.managedProperty().bind(shown);
            }
        }
        return this;
    }

    public FormGrid shown(String label, ObservableValue<String> value) {
        Label shown = new Label();
        shown.textProperty().bind(value);
        shown.setWrapText(true);
        return add(label, shown);
    }

    public FormGrid note(ObservableValue<String> value) {
        Label note = new Label();
        note.getStyleClass().add("form-note");
        note.textProperty().bind(value);
        note.setWrapText(true);
        grid.add(note, 1, row++);
        return this;
    }

    public FormGrid add(String label, Node field) {
        if (field instanceof javafx.scene.layout.Region region) {
            region.setMaxWidth(Double.MAX_VALUE);
        }
        GridPane.setHgrow(field, Priority.ALWAYS);
        lastLabel = new Label(label);
        lastField = field;
        grid.addRow(row++, lastLabel, field);
        return this;
    }
}
