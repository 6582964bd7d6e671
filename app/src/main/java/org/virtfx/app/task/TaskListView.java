package org.virtfx.app.task;

import javafx.beans.binding.Bindings;
import javafx.collections.ObservableList;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The running tasks, each with its progress, message and a cancel button. */
public final class TaskListView {
    private final ListView<RunningTask> list;

    public TaskListView(ObservableList<RunningTask> tasks) {
        list = new ListView<>(tasks);
        list.getStyleClass().add("task-list");
        list.setPlaceholder(new Label("No tasks are running."));
        list.setCellFactory(view -> new TaskCell());
    }

    public ListView<RunningTask> node() {
        return list;
    }

    private static final class TaskCell extends ListCell<RunningTask> {
        private final Label title = new Label();
        private final Label message = new Label();
        private final ProgressBar bar = new ProgressBar();
        private final Button cancel = new Button("Cancel");
        private final HBox box;

        TaskCell() {
            title.getStyleClass().add("task-title");
            message.getStyleClass().add("task-message");
            bar.setMaxWidth(Double.MAX_VALUE);
            VBox text = new VBox(2, title, bar, message);
            HBox.setHgrow(text, Priority.ALWAYS);
            box = new HBox(8, text, cancel);
            box.setAlignment(Pos.CENTER_LEFT);
        }

        @Override
        protected void updateItem(RunningTask task, boolean empty) {
            super.updateItem(task, empty);
            bar.progressProperty().unbind();
            message.textProperty().unbind();
            if (empty || task == null) {
                setGraphic(null);
                // An unbound, determinate bar does not animate while the cell sits unused.
                bar.setProgress(0);
                return;
            }
            title.setText(task.title());
            bar.progressProperty().bind(Bindings.createDoubleBinding(
                    () -> task.progressProperty().get() < 0 ? ProgressBar.INDETERMINATE_PROGRESS
                            : task.progressProperty().get(), task.progressProperty()));
            message.textProperty().bind(task.messageProperty());
            cancel.setOnAction(e -> {
                task.cancel();
                cancel.setDisable(true);
            });
            cancel.setDisable(task.isCancelRequested());
            setGraphic(box);
        }
    }
}
