package org.virtfx.app.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.controlsfx.control.CheckComboBox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The filter bar: states checked in a check combo, and a name filter its clear button empties. */
@ExtendWith(ApplicationExtension.class)
class ManagerFilterBarTest {
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
    }

    private static boolean shown(FxRobot robot, String name) {
        return robot.lookup(".domain-name").<Label>queryAll().stream().anyMatch(l -> l.getText().equals(name));
    }

    @Test
    void checkedStatesAndTheClearableNameFilter(FxRobot robot) throws TimeoutException {
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> shown(robot, "test"));
        CheckComboBox<StateFilter> states = robot.lookup("#filter-state").query();
        assertEquals("All states", states.getTitle());
        robot.interact(() -> states.getCheckModel().check(StateFilter.SHUTOFF));
        assertEquals(Set.of(StateFilter.SHUTOFF), window.viewModel.stateFilters());
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> !shown(robot, "test"));
        robot.interact(() -> states.getCheckModel().check(StateFilter.RUNNING));
        assertEquals("Running, Shut off", states.getTitle());
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> shown(robot, "test"));
        robot.interact(() -> window.viewModel.stateFilters().clear());
        assertEquals("All states", states.getTitle());
        assertEquals(0, states.getCheckModel().getCheckedItems().size(), "the model's reset unchecks all");

        robot.clickOn("#filter-text").write("nothing");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> !shown(robot, "test"));
        robot.clickOn("#filter-text .clear-button");
        assertEquals("", robot.lookup("#filter-text").<TextField>query().getText());
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> shown(robot, "test"));
    }
}
