package org.virtfx.app.ui;

import java.util.function.Function;
import java.util.function.Predicate;
import javafx.beans.property.BooleanProperty;
import javafx.scene.control.TableColumn;
import javafx.scene.control.cell.CheckBoxTableCell;

/** A table column of check boxes bound to each row's property, greyed out on rows that cannot change. */
public final class CheckColumn {
    private CheckColumn() {
    }

    public static <T> TableColumn<T, Boolean> of(String title, Function<T, BooleanProperty> value,
                                                 Predicate<T> changeable) {
        TableColumn<T, Boolean> column = new TableColumn<>(title);
        column.setCellValueFactory(c -> value.apply(c.getValue()));
        column.setCellFactory(c -> new CheckBoxTableCell<>() {
            @Override
            public void updateItem(Boolean item, boolean empty) {
                super.updateItem(item, empty);
                T row = getTableRow() == null ? null : getTableRow().getItem();
                setDisable(empty || row == null || !changeable.test(row));
            }
        });
        column.setEditable(true);
        column.setPrefWidth(60);
        return column;
    }
}
