package org.virtfx.app.ui;

import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;

/** A two-column grid of facts that follows its list. */
public final class FactsView {
    private final GridPane grid = new GridPane();

    public FactsView(ObservableList<Fact> facts) {
        grid.getStyleClass().add("facts-grid");
        fill(facts);
        facts.addListener((ListChangeListener<Fact>) c -> fill(facts));
    }

    public GridPane node() {
        return grid;
    }

    private void fill(ObservableList<Fact> facts) {
        grid.getChildren().clear();
        int row = 0;
        for (Fact fact : facts) {
            Label label = new Label(fact.label());
            label.getStyleClass().add("fact-label");
            Label value = new Label(fact.value());
            value.setWrapText(true);
            grid.addRow(row++, label, value);
        }
    }
}
