package org.virtfx.app.clone;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.virtfx.app.task.FxTaskExecutor;
import org.virtfx.app.testing.ScriptedDialogs;
import org.virtfx.app.ui.UiChangeQueue;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.DriverRegistry;

/** A person clones the shut-off test domain under a name of their own. */
@ExtendWith(ApplicationExtension.class)
class CloneClickThroughTest {
    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private Connection connection;
    private FxTaskExecutor tasks;

    @Start
    void start(Stage stage) {
        connection = DriverRegistry.discover().open("test:///default");
        var test = connection.domains().lookup("test").uuid();
        connection.domains().destroy(test);
        tasks = new FxTaskExecutor(FxTaskExecutor.workerPool(2), new UiChangeQueue(Platform::runLater));
        // Monocle cannot show an owner window without a scene.
        stage.setScene(new Scene(new Label("owner"), 200, 100));
        stage.show();
        CloneDialog.show(stage, new CloneViewModel(connection, test, tasks, dialogs, new SecureRandom()));
    }

    @AfterEach
    void close() {
        tasks.close();
        connection.close();
    }

    @Test
    void cloneUnderANewName(FxRobot robot) throws TimeoutException {
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS,
                () -> "test-clone".equals(robot.lookup("#clone-name").queryTextInputControl().getText()));
        robot.doubleClickOn("#clone-name").eraseText(10).write("copy");
        robot.clickOn("#clone-finish");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> connection.domains().byName("copy").isPresent());
        assertEquals("[]", dialogs.errors.toString());
    }
}
