package org.virtfx.app.snapshots;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.UUID;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.stage.Window;
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

/** The create-snapshot dialog at its own size shows Name, Status and Description whole, in both themes. */
@ExtendWith(ApplicationExtension.class)
class CreateSnapshotDialogTest {
    private Connection connection;
    private FxTaskExecutor tasks;

    @Start
    void start(Stage stage) {
        connection = DriverRegistry.discover().open("test:///default");
        UUID test = connection.domains().lookup("test").uuid();
        tasks = new FxTaskExecutor(FxTaskExecutor.workerPool(2), new UiChangeQueue(Platform::runLater));
        stage.setScene(new Scene(SnapshotsView.forDomain(connection, test, tasks, new ScriptedDialogs()),
                700, 420));
        stage.show();
    }

    @AfterEach
    void close() {
        tasks.close();
        connection.close();
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
