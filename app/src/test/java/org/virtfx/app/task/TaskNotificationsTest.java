package org.virtfx.app.task;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A task started in the manager that fails while the application is behind another one comes
 * up as a ControlsFX notification. (Headless Monocle keeps every shown window focused, so the
 * test says which window is in front.)
 */
@ExtendWith(ApplicationExtension.class)
class TaskNotificationsTest {
    private final ObservableList<RunningTask> tasks = FXCollections.observableArrayList();
    private final AtomicReference<Optional<Window>> inFront = new AtomicReference<>(Optional.empty());
    private Stage manager;

    @Start
    void start(Stage stage) {
        manager = stage;
        stage.setScene(new Scene(new Label("manager"), 300, 200));
        stage.show();
        TaskNotifications.install(tasks, () -> manager, inFront::get);
    }

    @Test
    void aFailureWhileTheManagerIsBehindIsNotified(FxRobot robot) throws TimeoutException {
        RunningTask start = new RunningTask("Starting vm1");
        inFront.set(Optional.of(manager));
        robot.interact(() -> tasks.add(start));
        inFront.set(Optional.empty());
        robot.interact(() -> {
            start.fail(new IllegalStateException("Domain is already active"));
            tasks.remove(start);
        });
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> shows("Starting vm1 failed")
                && shows("Domain is already active"));
    }

    private static boolean shows(String text) {
        return Window.getWindows().stream().filter(w -> w.getScene() != null)
                .flatMap(w -> w.getScene().getRoot().lookupAll("*").stream())
                .anyMatch(n -> n instanceof Labeled l && text.equals(l.getText()));
    }
}
