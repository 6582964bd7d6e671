package org.virtfx.app.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Labeled;
import javafx.stage.Stage;
import org.controlsfx.control.TaskProgressView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The task list as ControlsFX's TaskProgressView: a task shows with its message, and its Cancel reaches the task. */
@ExtendWith(ApplicationExtension.class)
class TaskListViewTest {
    private final ObservableList<RunningTask> running = FXCollections.observableArrayList();
    private TaskProgressView<?> view;

    @Start
    void start(Stage stage) {
        view = new TaskListView(running).node();
        stage.setScene(new Scene(view, 400, 260));
        stage.show();
    }

    @Test
    void aTaskShowsItsProgressAndCanBeCancelled(FxRobot robot) throws Exception {
        RunningTask copy = new RunningTask("Copying disk");
        robot.interact(() -> {
            running.add(copy);
            copy.start();
            copy.report(0.5, "2 of 4 GiB");
        });
        WaitForAsyncUtils.waitForFxEvents();
        Button cancel = robot.lookup(".task-cancel-button").query();
        WaitForAsyncUtils.waitFor(5, java.util.concurrent.TimeUnit.SECONDS, () -> !cancel.isDisabled());
        assertTrue(texts(robot).contains("Copying disk"), texts(robot));
        assertTrue(texts(robot).contains("2 of 4 GiB"), texts(robot));
        robot.clickOn(cancel);
        WaitForAsyncUtils.waitFor(5, java.util.concurrent.TimeUnit.SECONDS, copy::isCancelRequested);

        RunningTask other = new RunningTask("Starting vm1");
        robot.interact(() -> running.add(other));
        robot.interact(() -> running.remove(other));
        assertEquals(0, view.getTasks().stream().filter(t -> t.getTitle().equals("Starting vm1")).count(),
                "a task that ended leaves the list");
    }

    private static String texts(FxRobot robot) {
        return robot.lookup((javafx.scene.Node n) -> n instanceof Labeled).queryAllAs(Labeled.class).stream()
                .map(Labeled::getText).toList().toString();
    }
}
