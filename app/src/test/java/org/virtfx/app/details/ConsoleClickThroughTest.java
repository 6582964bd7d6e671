package org.virtfx.app.details;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.virtfx.app.preferences.Preferences;
import org.virtfx.app.settings.Settings;
import org.virtfx.app.task.FxTaskExecutor;
import org.virtfx.app.testing.ScriptedDialogs;
import org.virtfx.app.ui.UiChangeQueue;
import org.virtfx.core.connect.DriverRegistry;
import org.virtfx.core.xml.SchemaValidator;

/** A person types into a domain's text console; the guest's output is drawn, its end reported. */
@ExtendWith(ApplicationExtension.class)
class ConsoleClickThroughTest {
    private ConsoleAttachedConnection connection;
    private FxTaskExecutor tasks;
    private DomainWindowViewModel vm;

    @Start
    void start(Stage stage) {
        connection = new ConsoleAttachedConnection(DriverRegistry.discover().open("test:///default"));
        UiChangeQueue ui = new UiChangeQueue(Platform::runLater);
        tasks = new FxTaskExecutor(FxTaskExecutor.workerPool(2), ui);
        vm = new DomainWindowViewModel(connection, connection.domains().list().get(0).uuid(), "test default", tasks,
                new ScriptedDialogs(), new Preferences(Settings.defaults(), c -> { }), new SchemaValidator(), ui::post);
        new DomainWindowView(vm, 60).showIn(stage,
                getClass().getResource("/org/virtfx/resources/css/virtfx.css").toExternalForm());
    }

    @AfterEach
    void close() {
        tasks.close();
        connection.close();
    }

    @Test
    void keysReachTheGuestAndOutputIsShown(FxRobot robot) throws Exception {
        robot.clickOn("#mode-console");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> vm.terminalProperty().get() != null);
        connection.guest.write("\u001b[32m# \u001b[0m".getBytes(StandardCharsets.UTF_8));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> vm.terminalBuffer().line(0).equals("#"));
        assertEquals(2, vm.terminalBuffer().cell(0, 0).fg(), "ANSI green");

        robot.clickOn("#terminal");
        robot.write("ls");
        robot.type(KeyCode.ENTER);
        robot.type(KeyCode.UP);
        robot.press(KeyCode.CONTROL).type(KeyCode.C).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS,
                () -> connection.typed.toString(StandardCharsets.UTF_8).equals("ls\r\u001b[A\u0003"));

        connection.guest.close();
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup("#console-message").query().isVisible());
        assertTrue(vm.consoleMessageProperty().get().startsWith("The console stream"));
    }
}
