package org.virtfx.app.manager;

import java.util.stream.Collectors;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.ObservableSet;
import javafx.collections.SetChangeListener;
import org.controlsfx.control.CheckComboBox;

/**
 * A filter of the filter bar as ControlsFX's {@link CheckComboBox}, kept in step with a set of
 * the view model both ways: checking adds to the set, unchecking removes, a set emptied by the
 * model unchecks all, and an item that leaves the list leaves the set. Its title names the checked items in list order, or says {@code none}.
 */
final class CheckFilter {
    private CheckFilter() {
    }

    static <T> CheckComboBox<T> of(ObservableList<T> items, ObservableSet<T> checked, String none) {
        CheckComboBox<T> box = new CheckComboBox<>(items);
        boolean[] syncing = {false};
        Runnable fromSet = () -> {
            syncing[0] = true;
            try {
                for (T item : items) {
                    if (checked.contains(item) != box.getCheckModel().isChecked(item)) {
                        box.getCheckModel().toggleCheckState(item);
                    }
                }
            } finally {
                syncing[0] = false;
            }
        };
        fromSet.run();
        checked.addListener((SetChangeListener<T>) change -> {
            if (!syncing[0]) {
                fromSet.run();
            }
        });
        // The check model forgets its checks when the items change (tags come and go); a
        // checked item that is gone leaves the set too, or it would filter unseen and unclearable.
        items.addListener((ListChangeListener<T>) change -> {
            checked.retainAll(items);
            fromSet.run();
        });
        box.getCheckModel().getCheckedItems().addListener((ListChangeListener<T>) change -> {
            if (syncing[0]) {
                return;
            }
            while (change.next()) {
                checked.removeAll(change.getRemoved());
                checked.addAll(change.getAddedSubList());
            }
        });
        box.titleProperty().bind(Bindings.createStringBinding(() -> checked.isEmpty() ? none
                : items.stream().filter(checked::contains).map(String::valueOf).collect(Collectors.joining(", ")),
                checked, items));
        return box;
    }
}
