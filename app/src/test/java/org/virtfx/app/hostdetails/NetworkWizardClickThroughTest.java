package org.virtfx.app.hostdetails;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Platform;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.virtfx.app.host.HostSummaryViewModel;
import org.virtfx.app.task.FxTaskExecutor;
import org.virtfx.app.testing.ScriptedDialogs;
import org.virtfx.app.ui.UiChangeQueue;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.DriverRegistry;
import org.virtfx.core.xml.SchemaValidator;

/** A person creates an isolated network from Connection Details; it is defined and running. */
@ExtendWith(ApplicationExtension.class)
class NetworkWizardClickThroughTest {
    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private Connection connection;
    private FxTaskExecutor tasks;

    @Start
    void start(Stage stage) {
        connection = DriverRegistry.discover().open("test:///default");
        tasks = new FxTaskExecutor(FxTaskExecutor.workerPool(2), new UiChangeQueue(Platform::runLater));
        SchemaValidator schema = new SchemaValidator();
        new ConnectionDetailsView(new HostOverviewViewModel(connection, tasks,
                new HostSummaryViewModel(connection, tasks, dialogs)),
                new NetworksViewModel(connection, tasks, dialogs, schema),
                new StorageViewModel(connection, tasks, dialogs, schema), "test default", 60)
                .showIn(stage, getClass().getResource("/org/virtfx/resources/css/virtfx.css").toExternalForm());
    }

    @AfterEach
    void close() {
        tasks.close();
        connection.close();
    }

    @Test
    void isolatedNetworkIsCreatedAndStarted(FxRobot robot) throws TimeoutException {
        robot.clickOn("Virtual Networks");
        robot.clickOn("#network-add");
        robot.doubleClickOn("#net-name").eraseText(12).write("lab");
        robot.interact(() -> robot.lookup("#net-mode").<ComboBox<NetworkMode>>query().setValue(NetworkMode.ISOLATED));
        robot.doubleClickOn("#net-ipv4").eraseText(20).write("10.9.0.0/24");
        robot.clickOn("#net-dhcp-end");
        assertEquals("10.9.0.254", robot.lookup("#net-dhcp-end").<javafx.scene.control.TextField>query().getText());
        robot.clickOn("#net-finish");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS,
                () -> connection.networks().byName("lab").map(n -> n.active()).orElse(false));
        String xml = connection.networks().xml(connection.networks().byName("lab").get().uuid(), true);
        assertTrue(xml.contains("<range start='10.9.0.2' end='10.9.0.254'/>"), xml);
        assertTrue(!xml.contains("<forward"), xml);
        assertEquals("[]", dialogs.errors.toString());
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup(".list-cell")
                .match((javafx.scene.control.ListCell<?> c) -> "lab".equals(c.getText())).tryQuery().isPresent());
    }

    @Test
    void refusedInputIsExplainedInTheWizard(FxRobot robot) {
        robot.clickOn("Virtual Networks");
        robot.clickOn("#network-add");
        robot.doubleClickOn("#net-ipv4").eraseText(20).write("10.9.0.0/40");
        robot.clickOn("#net-finish");
        assertTrue(robot.lookup("#net-error").<Label>query().getText().startsWith("The IPv4 network"));
    }
}
