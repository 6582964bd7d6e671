package org.virtfx.app.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.Background;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.paint.LinearGradient;
import javafx.scene.paint.Paint;
import javafx.scene.text.Text;
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
import org.virtfx.app.preferences.ThemeSheets;
import org.virtfx.app.testing.Contrast;
import org.virtfx.app.testing.Screenshots;

/**
 * A person's clicks on test:///default: select, pause, resume, force off through the question;
 * the filter bar's checked states and clearable name field; and the window in either theme
 * (CPU graph cells take the theme's field colour, the filter's hint stays readable).
 */
@ExtendWith(ApplicationExtension.class)
class ManagerClickThroughTest {
    @TempDir
    static Path config;

    private ManagerWindowFixture window;
    private Scene scene;

    @Start
    void start(Stage stage) {
        window = new ManagerWindowFixture(stage, config);
        window.viewModel.addConnection("test:///default", false);
        scene = stage.getScene();
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

    /** The colour of the monitor in a domain's state icon, as the style sheet paints it. */
    private static Paint iconColour(FxRobot robot, String name) {
        Label nameLabel = robot.lookup(".domain-name").match((Label l) -> l.getText().equals(name)).query();
        StateIcon icon = (StateIcon) nameLabel.getParent().getParent().getChildrenUnmodifiable().get(0);
        return ((Region) icon.lookup(".monitor")).getBackground().getFills().get(0).getFill();
    }

    @Test
    void pauseResumeAndForceOffChangeTheStateText(FxRobot robot) throws TimeoutException {
        waitForState(robot, "test", "Running");
        assertEquals(Color.web("#3a7bd5"), iconColour(robot, "test"), "a running domain's monitor is blue");
        robot.clickOn(robot.lookup(".domain-name").match((Label l) -> l.getText().equals("test")).<Label>query());

        robot.clickOn("#pause");
        waitForState(robot, "test", "Paused");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(Color.web("#404040"), iconColour(robot, "test"), "a paused domain's monitor is dark");

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
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(Color.web("#a0a0a0"), iconColour(robot, "test"), "a stopped domain's monitor is grey");
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

    @Test
    void graphCellsAndFilterHintFollowTheTheme(FxRobot robot) throws TimeoutException {
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS,
                () -> robot.lookup(".sparkline-canvas-frame").tryQuery().isPresent());
        String dark = ThemeSheets.class.getResource("dark.css").toExternalForm();
        for (String theme : List.of("light", "dark")) {
            robot.interact(() -> {
                scene.getStylesheets().remove(dark);
                if (theme.equals("dark")) {
                    scene.getStylesheets().add(dark);
                }
                scene.getRoot().applyCss();
            });
            WaitForAsyncUtils.waitForFxEvents();
            Color window = fill(((Region) scene.getRoot()).getBackground());
            Color graph = fill(robot.lookup(".sparkline-canvas-frame").<Region>query().getBackground());
            assertTrue(Math.abs(Contrast.luminance(graph) - Contrast.luminance(window)) < 0.25,
                    theme + ": graph cell " + graph + " stands out of window " + window);
            TextField filter = robot.lookup("#filter-text").query();
            Color hint = (Color) filter.lookupAll(".text").stream().map(Text.class::cast)
                    .filter(t -> filter.getPromptText().equals(t.getText())).findFirst().orElseThrow().getFill();
            Color field = fill(filter.getBackground());
            assertTrue(Contrast.ratio(hint, field) >= 4.5,
                    theme + ": hint " + hint + " on " + field + " is " + Contrast.ratio(hint, field) + ":1");
            robot.interact(() -> Screenshots.write(scene, "manager-" + theme));
        }
    }

    /** The colour a region mostly shows: its innermost background fill, a gradient's last stop. */
    private static Color fill(Background background) {
        var fills = background.getFills();
        Paint paint = fills.get(fills.size() - 1).getFill();
        if (paint instanceof LinearGradient gradient) {
            return gradient.getStops().get(gradient.getStops().size() - 1).getColor();
        }
        return (Color) paint;
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
