package org.virtfx.app.details;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Platform;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
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
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.DriverChoice;
import org.virtfx.core.connect.DriverRegistry;
import org.virtfx.core.xml.SchemaValidator;

/** A person lowers a running guest's vCPUs on libvirt's test driver, and the page says it happened at once. */
@ExtendWith(ApplicationExtension.class)
class LiveResourcesClickThroughTest {
    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private Connection connection;
    private FxTaskExecutor tasks;
    private UUID uuid;
    private DomainWindowViewModel vm;

    @Start
    void start(Stage stage) {
        connection = DriverRegistry.discover().open("test:///default", DriverChoice.LIBVIRT);
        uuid = connection.domains().lookup("test").uuid();
        tasks = new FxTaskExecutor(FxTaskExecutor.workerPool(2), new UiChangeQueue(Platform::runLater));
        vm = new DomainWindowViewModel(connection, uuid, "test default", tasks, dialogs,
                new Preferences(Settings.defaults(), change -> { }), new SchemaValidator(), Platform::runLater);
        new DomainWindowView(vm, 60).showIn(stage,
                getClass().getResource("/org/virtfx/resources/css/virtfx.css").toExternalForm());
    }

    /**
     * libvirt tells of the redefinition on its own thread, and the window reads the domain again:
     * the window stops following events, and what it started finishes, before the tasks close.
     */
    @AfterEach
    void close() throws Exception {
        WaitForAsyncUtils.asyncFx(vm::close).get();
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(
                () -> tasks.runningTasks().isEmpty()).get());
        tasks.close();
        connection.close();
    }

    @Test
    void theVcpuAllocationChangesInTheRunningGuestAndThePageSaysSo(FxRobot robot) throws TimeoutException {
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup("#hardware-list").<ListView<HardwareItem>>query()
                .getItems().stream().anyMatch(i -> i.label().equals("CPUs")));
        robot.clickOn(robot.lookup(".list-cell").match(
                (javafx.scene.control.ListCell<?> c) -> "CPUs".equals(c.getText())).<javafx.scene.Node>query());
        robot.doubleClickOn("#cpus-vcpus .text-field").eraseText(4).write("1");
        robot.type(javafx.scene.input.KeyCode.TAB);
        Label note = robot.lookup("#after-shutdown").query();
        assertEquals("The vCPU allocation changes in the running guest at once.", note.getText());

        robot.clickOn("#apply");

        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> "Saved; the running guest has 1 vCPU now".equals(note.getText()));
        assertEquals(1, connection.domains().stats(uuid).vcpus());
        assertEquals("[]", dialogs.errors.toString());
    }
}
