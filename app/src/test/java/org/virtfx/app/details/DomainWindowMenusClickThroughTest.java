package org.virtfx.app.details;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Platform;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
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
import org.virtfx.core.connect.DriverRegistry;
import org.virtfx.core.domain.DomainState;
import org.virtfx.core.xml.SchemaValidator;

/** A person uses the VM window's menu bar and its fullscreen button on test:///default's "test". */
@ExtendWith(ApplicationExtension.class)
class DomainWindowMenusClickThroughTest {
    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private Connection connection;
    private FxTaskExecutor tasks;
    private DomainWindowViewModel vm;
    private Stage stage;
    private UUID uuid;
    private int managerShown;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        connection = DriverRegistry.discover().open("test:///default");
        uuid = connection.domains().lookup("test").uuid();
        tasks = new FxTaskExecutor(FxTaskExecutor.workerPool(2), new UiChangeQueue(Platform::runLater));
        vm = new DomainWindowViewModel(connection, uuid, "test default", tasks, dialogs,
                new Preferences(Settings.defaults(), change -> { }), new SchemaValidator(), Platform::runLater);
        new DomainWindowView(vm, 60, () -> managerShown++).showIn(stage,
                getClass().getResource("/org/virtfx/resources/css/virtfx.css").toExternalForm());
    }

    @AfterEach
    void close() {
        tasks.close();
        connection.close();
    }

    private void waitRunning() throws TimeoutException {
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> vm.summaryProperty().get() != null);
    }

    @Test
    void viewMenuSwitchesModesAndHidesTheToolbar(FxRobot robot) {
        robot.clickOn("View").clickOn("#view-console");
        assertEquals(DomainWindowViewModel.Mode.CONSOLE, vm.modeProperty().get());
        assertTrue(robot.lookup("#mode-console").<javafx.scene.control.ToggleButton>query().isSelected(),
                "the toolbar follows the menu");
        robot.clickOn("View").clickOn("#view-toolbar");
        assertFalse(robot.lookup(".vm-toolbar").query().isVisible(), "View ▸ Toolbar hides the toolbar");
    }

    @Test
    void sendKeyReachesTheRunningGuestAndGreysOutWhenItStops(FxRobot robot) throws TimeoutException {
        waitRunning();
        robot.clickOn("Send Key").clickOn("Ctrl+Alt+Delete");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> tasks.runningTasks().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("[]", dialogs.errors.toString(), "the test driver took Ctrl+Alt+Delete");

        robot.clickOn("#shutdown").clickOn("Force Off");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> vm.summaryProperty().get().state() == DomainState.SHUTOFF);
        WaitForAsyncUtils.waitForFxEvents();
        MenuItem ctrlAltDelete = robot.lookup("#vm-menu-bar").<MenuBar>query().getMenus().get(3).getItems().get(1);
        assertEquals("Ctrl+Alt+Delete", ctrlAltDelete.getText());
        assertTrue(ctrlAltDelete.isDisable(), "keys go to a running guest only");
    }

    @Test
    void fullscreenFollowsTheButtonAndTheStage(FxRobot robot) {
        robot.clickOn("#fullscreen");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(stage.isFullScreen());
        robot.interact(() -> stage.setFullScreen(false));
        assertFalse(robot.lookup("#fullscreen").<javafx.scene.control.ToggleButton>query().isSelected(),
                "leaving fullscreen by Escape releases the button");
    }

    @Test
    void fileMenuShowsTheManagerAndClosesTheWindow(FxRobot robot) {
        robot.clickOn("File").clickOn("View Manager");
        assertEquals(1, managerShown);
        robot.clickOn("File").clickOn("Close");
        assertFalse(stage.isShowing());
    }

    @Test
    void helpContentsOpensTheHelpText(FxRobot robot) throws TimeoutException {
        robot.clickOn("Help").clickOn("Contents");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup("#help-title").tryQuery().isPresent());
        assertEquals("Getting started", robot.lookup("#help-title").<javafx.scene.control.Label>query().getText());
        robot.clickOn("The VM window");
        assertTrue(robot.lookup("#help-body").<javafx.scene.control.Label>query().getText().contains("Send Key"));
    }
}
