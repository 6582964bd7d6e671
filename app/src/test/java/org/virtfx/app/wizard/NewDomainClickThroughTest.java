package org.virtfx.app.wizard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Platform;
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
import org.virtfx.core.domain.DomainState;
import org.virtfx.core.xml.SchemaValidator;

/** A person clicks through New VM on test:///default and gets a running application container. */
@ExtendWith(ApplicationExtension.class)
class NewDomainClickThroughTest {
    private final List<NewDomainViewModel.Created> created = new CopyOnWriteArrayList<>();
    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private Connection connection;
    private FxTaskExecutor tasks;

    @Start
    void start(Stage stage) {
        connection = DriverRegistry.discover().open("test:///default");
        tasks = new FxTaskExecutor(FxTaskExecutor.workerPool(2), new UiChangeQueue(Platform::runLater));
        NewDomainViewModel wizard = new NewDomainViewModel(List.of(new WizardConnection("test default", connection)),
                tasks, dialogs, new SchemaValidator(), created::add);
        new NewDomainView(wizard).showIn(stage,
                getClass().getResource("/org/virtfx/resources/css/virtfx.css").toExternalForm());
    }

    @AfterEach
    void close() {
        tasks.close();
        connection.close();
    }

    private static String text(FxRobot robot, String id) {
        return robot.lookup(id).<Label>query().getText();
    }

    @Test
    void applicationContainerIsCreatedAndStarted(FxRobot robot) throws TimeoutException {
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS,
                () -> robot.lookup("#method-application-container").tryQuery().isPresent());
        robot.clickOn("#method-application-container");
        robot.clickOn("#wizard-forward");
        assertEquals("Step 2 of 5", text(robot, "#wizard-step"));

        robot.doubleClickOn("#wizard-init-path").eraseText(20);
        robot.clickOn("#wizard-forward");
        assertTrue(text(robot, "#error-init-path").startsWith("An init path is required"),
                "refused next to the field");
        assertEquals("Step 2 of 5", text(robot, "#wizard-step"));
        robot.clickOn("#wizard-init-path").write("/bin/sleep");
        robot.clickOn("#wizard-init-args").write("infinity");
        robot.clickOn("#wizard-forward");
        assertEquals("Step 3 of 5", text(robot, "#wizard-step"));

        robot.doubleClickOn("#wizard-memory .text-field").eraseText(8).write("9999");
        robot.clickOn("#wizard-forward");
        assertEquals("Only 3072 MiB are available on the host", text(robot, "#error-memory"));
        robot.doubleClickOn("#wizard-memory .text-field").eraseText(8).write("256");
        robot.clickOn("#wizard-forward");
        assertEquals("Step 4 of 5", text(robot, "#wizard-step"));
        robot.clickOn("#wizard-forward");

        robot.doubleClickOn("#wizard-name").eraseText(20).write("test");
        robot.clickOn("#wizard-forward");
        assertEquals("Name 'test' is already in use by another domain", text(robot, "#error-name"));
        robot.doubleClickOn("#wizard-name").eraseText(20).write("sleeper");
        robot.clickOn("#wizard-forward");

        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> !created.isEmpty());
        assertEquals(List.of(), dialogs.errors);
        var domain = connection.domains().lookup("sleeper");
        assertEquals(DomainState.RUNNING, domain.state());
        String xml = connection.domains().xml(domain.uuid(), true);
        assertTrue(xml.contains("<init>/bin/sleep</init>\n    <initarg>infinity</initarg>"), xml);
        assertTrue(xml.contains("<memory unit='KiB'>262144</memory>"), xml);
    }
}
