package org.virtfx.app.manager;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.Scene;
import javafx.scene.control.TextField;
import javafx.scene.layout.Background;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.paint.LinearGradient;
import javafx.scene.paint.Paint;
import javafx.scene.text.Text;
import javafx.stage.Stage;
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

/** The manager in either theme: CPU graph cells take the theme's field colour, the filter's hint stays readable. */
@ExtendWith(ApplicationExtension.class)
class ManagerThemeTest {
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
}
