package org.virtfx.app.wizard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.virtfx.app.preferences.ThemeSheets;
import org.virtfx.app.task.FxTaskExecutor;
import org.virtfx.app.testing.CutLabels;
import org.virtfx.app.testing.Screenshots;
import org.virtfx.app.testing.ScriptedDialogs;
import org.virtfx.app.ui.UiChangeQueue;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.DriverRegistry;
import org.virtfx.core.xml.SchemaValidator;

/** Each step of New VM for an application container, at the wizard's own size, shows its labels whole. */
@ExtendWith(ApplicationExtension.class)
class NewDomainLabelsTest {
    private Connection connection;
    private FxTaskExecutor tasks;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        connection = DriverRegistry.discover().open("test:///default");
        tasks = new FxTaskExecutor(FxTaskExecutor.workerPool(2), new UiChangeQueue(Platform::runLater));
        NewDomainViewModel wizard = new NewDomainViewModel(List.of(new WizardConnection("test default", connection)),
                tasks, new ScriptedDialogs(), new SchemaValidator(), created -> { });
        new NewDomainView(wizard).showIn(stage,
                getClass().getResource("/org/virtfx/resources/css/virtfx.css").toExternalForm());
    }

    @AfterEach
    void close() {
        tasks.close();
        connection.close();
    }

    @Test
    void containerStepsShowWholeLabelsInBothThemes(FxRobot robot) throws TimeoutException {
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS,
                () -> robot.lookup("#method-application-container").tryQuery().isPresent());
        robot.clickOn("#method-application-container");
        Scene scene = stage.getScene();
        String dark = ThemeSheets.class.getResource("dark.css").toExternalForm();
        for (int step = 1; step <= 5; step++) {
            for (String theme : List.of("light", "dark")) {
                robot.interact(() -> {
                    scene.getStylesheets().remove(dark);
                    if (theme.equals("dark")) {
                        scene.getStylesheets().add(dark);
                    }
                });
                WaitForAsyncUtils.waitForFxEvents();
                assertEquals(List.of(), CutLabels.in(scene.getRoot()), "step " + step + ", " + theme);
                int shown = step;
                robot.interact(() -> Screenshots.write(scene, "new-container-step" + shown + "-" + theme));
            }
            if (step < 5) {
                robot.clickOn("#wizard-forward");
            }
        }
    }
}
