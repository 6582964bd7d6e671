package org.virtfx.app.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** A person's clicks on test:///default: select, pause, resume, force off through the question. */
@ExtendWith(ApplicationExtension.class)
class ManagerClickThroughTest {
    @TempDir
    static Path config;

    private ManagerWindowFixture window;

    @Start
    void start(Stage stage) {
        window = new ManagerWindowFixture(stage, config);
        window.viewModel.addConnection("test:///default", false);
    }

    @AfterEach
    void close(FxRobot robot) {
        robot.interact(window::close);
        // With its last connection closed, test:///default starts afresh for whoever is next.
        try (var fresh = org.virtfx.core.connect.DriverRegistry.discover().open("test:///default")) {
            assertEquals(org.virtfx.core.domain.DomainState.RUNNING, fresh.domains().lookup("test").state());
        }
    }

    private static String stateOf(FxRobot robot, String name) {
        Label nameLabel = robot.lookup(".domain-name").<Label>queryAll().stream()
                .filter(l -> l.getText().equals(name)).findFirst().orElse(null);
        if (nameLabel == null) {
            return "";
        }
        return ((Label) nameLabel.getParent().getChildrenUnmodifiable().get(1)).getText();
    }

    private static void waitForState(FxRobot robot, String name, String state) throws TimeoutException {
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> stateOf(robot, name).equals(state));
    }

    @Test
    void pauseResumeAndForceOffChangeTheStateText(FxRobot robot) throws TimeoutException {
        waitForState(robot, "test", "Running");
        robot.clickOn(robot.lookup(".domain-name").match((Label l) -> l.getText().equals("test")).<Label>query());

        robot.clickOn("#pause");
        waitForState(robot, "test", "Paused");

        assertEquals("Resume", robot.lookup("#pause").queryButton().getText());
        robot.clickOn("#pause");
        waitForState(robot, "test", "Running");

        robot.clickOn(robot.lookup("#shutdown .arrow-button").queryParent());
        robot.clickOn("Force Off");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS,
                () -> robot.lookup("Are you sure you want to force poweroff 'test'?").tryQuery().isPresent());
        assertEquals("Running", stateOf(robot, "test"), "nothing happens before the answer");
        robot.clickOn("Yes");
        waitForState(robot, "test", "Shutoff");
        assertTrue(robot.lookup("#run").queryButton().isDisabled() == false, "Run applies to the stopped domain");
    }

    @Test
    void aRightClickOnADomainOpensItsMenu(FxRobot robot) throws TimeoutException {
        waitForState(robot, "test", "Running");
        Label name = robot.lookup(".domain-name").match((Label l) -> l.getText().equals("test")).query();
        robot.clickOn(name);
        // Monocle, the headless toolkit, sends no menu event for a right click: fire the one
        // GTK's glass sends, on the row that was clicked.
        robot.interact(() -> {
            var at = name.localToScreen(name.getBoundsInLocal());
            name.fireEvent(new javafx.scene.input.ContextMenuEvent(javafx.scene.input.ContextMenuEvent.CONTEXT_MENU_REQUESTED,
                    0, 0, at.getCenterX(), at.getCenterY(), false, null));
        });
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup("Migrate…").tryQuery().isPresent());
        assertTrue(robot.lookup("Clone…").tryQuery().isPresent(), "the menu lists the domain's actions");
        robot.press(javafx.scene.input.KeyCode.ESCAPE).release(javafx.scene.input.KeyCode.ESCAPE);
    }
}
