package org.virtfx.app.details;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.Property;
import javafx.beans.value.ObservableValue;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;

/** A labelled two-column form whose fields are bound both ways to page properties. */
final class FormGrid {
    private final GridPane grid = new GridPane();
    private int row;

    FormGrid() {
        grid.getStyleClass().add("form-grid");
        grid.setHgap(8);
        grid.setVgap(6);
        grid.setStyle("-fx-padding: 10;");
    }

    GridPane node() {
        return grid;
    }

    FormGrid heading(String text) {
        Label heading = new Label(text);
        heading.setStyle("-fx-font-weight: bold;");
        grid.add(heading, 0, row++, 2, 1);
        return this;
    }

    FormGrid text(String label, String id, Property<String> value) {
        TextField field = new TextField();
        field.setId(id);
        field.textProperty().bindBidirectional(value);
        return add(label, field);
    }

    FormGrid area(String label, String id, Property<String> value, String prompt) {
        TextArea area = new TextArea();
        area.setId(id);
        area.setPrefRowCount(3);
        area.setPromptText(prompt);
        area.textProperty().bindBidirectional(value);
        return add(label, area);
    }

    FormGrid check(String label, String id, BooleanProperty value) {
        CheckBox box = new CheckBox(label);
        box.setId(id);
        box.selectedProperty().bindBidirectional(value);
        grid.add(box, 1, row++);
        return this;
    }

    FormGrid choice(String label, String id, Property<String> value, String... choices) {
        ComboBox<String> combo = new ComboBox<>();
        combo.setId(id);
        combo.setEditable(true);
        combo.getItems().addAll(choices);
        combo.valueProperty().bindBidirectional(value);
        return add(label, combo);
    }

    FormGrid shown(String label, ObservableValue<String> value) {
        Label shown = new Label();
        shown.textProperty().bind(value);
        shown.setWrapText(true);
        return add(label, shown);
    }

    FormGrid note(ObservableValue<String> value) {
        Label note = new Label();
        note.getStyleClass().add("form-note");
        note.textProperty().bind(value);
        note.setWrapText(true);
        grid.add(note, 1, row++);
        return this;
    }

    FormGrid add(String label, Node field) {
        if (field instanceof javafx.scene.layout.Region region) {
            region.setMaxWidth(Double.MAX_VALUE);
        }
        GridPane.setHgrow(field, Priority.ALWAYS);
        grid.addRow(row++, new Label(label), field);
        return this;
    }
}
