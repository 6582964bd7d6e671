package org.virtfx.app.snapshots;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.virtfx.app.preferences.ThemeSheets;
import org.virtfx.app.task.FxTaskExecutor;
import org.virtfx.app.testing.CutLabels;
import org.virtfx.app.testing.Screenshots;
import org.virtfx.app.testing.ScriptedDialogs;
import org.virtfx.app.ui.UiChangeQueue;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.DriverRegistry;
import org.virtfx.core.domain.DomainState;

/**
 * A person takes a snapshot of the running test domain, shuts it off, and runs the snapshot; the
 * create-snapshot dialog at its own size shows Name, Status and Description whole, in both themes.
 */
@ExtendWith(ApplicationExtension.class)
class SnapshotsClickThroughTest {
    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private Connection connection;
    private FxTaskExecutor tasks;
    private UUID test;

    @Start
    void start(Stage stage) {
        connection = DriverRegistry.discover().open("test:///default");
        test = connection.domains().lookup("test").uuid();
        tasks = new FxTaskExecutor(FxTaskExecutor.workerPool(2), new UiChangeQueue(Platform::runLater));
        stage.setScene(new Scene(SnapshotsView.forDomain(connection, test, tasks, dialogs), 700, 420));
        stage.show();
    }

    @AfterEach
    void close() {
        tasks.close();
        connection.close();
    }

    @Test
    void createThenRunASnapshot(FxRobot robot) throws TimeoutException {
        robot.clickOn("#snapshot-add");
        robot.clickOn("#snapshot-new-description").write("clean");
        robot.clickOn("#snapshot-finish");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup("#snapshot-current")
                .queryLabeled().getText().endsWith(SnapshotsViewModel.CURRENT_NOTE));
        assertEquals("clean", connection.domains().snapshot(test, "snapshot1").description());
        connection.domains().destroy(test);
        robot.clickOn("#snapshot-run");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS,
                () -> connection.domains().lookup("test").state() == DomainState.RUNNING);
        assertEquals("Are you sure you want to run snapshot 'snapshot1'?", dialogs.asked.get(0).question());
        assertEquals("[]", dialogs.errors.toString());
    }

    @Test
    void labelsAreWholeInBothThemes(FxRobot robot) {
        robot.clickOn("#snapshot-add");
        Scene dialog = robot.window("Create snapshot").getScene();
        assertEquals(List.of(), CutLabels.in(dialog.getRoot()));
        String dark = ThemeSheets.class.getResource("dark.css").toExternalForm();
        robot.interact(() -> Screenshots.write(dialog, "create-snapshot-light"));
        robot.interact(() -> dialog.getStylesheets().add(dark));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of(), CutLabels.in(dialog.getRoot()));
        robot.interact(() -> Screenshots.write(dialog, "create-snapshot-dark"));
        robot.interact(() -> ((Stage) dialog.getWindow()).close());
    }
}
