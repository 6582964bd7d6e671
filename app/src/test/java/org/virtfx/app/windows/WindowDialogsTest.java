package org.virtfx.app.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.DialogPane;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import javafx.stage.Window;
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
import org.virtfx.app.ui.FxDialogService;
import org.virtfx.app.ui.UiChangeQueue;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.DriverRegistry;
import org.virtfx.core.xml.SchemaValidator;

/**
 * Apply in a VM window answers in that window, as virt-manager does: an error dialog over it
 * when the change is refused, the Apply button insensitive once the change is saved.
 */
@ExtendWith(ApplicationExtension.class)
class WindowDialogsTest {
    private final List<String> statusLine = new CopyOnWriteArrayList<>();
    private Connection connection;
    private FxTaskExecutor tasks;
    private Stage manager;
    private Stage domainWindow;

    @Start
    void start(Stage stage) {
        manager = stage;
        stage.setScene(new Scene(new Label("manager"), 200, 100));
        stage.show();
        connection = DriverRegistry.discover().open("test:///default");
        connection.domains().define("<domain type='test'><name>other</name><memory unit='MiB'>64</memory>"
                + "<os><type>hvm</type></os></domain>");
        UUID test = connection.domains().lookup("test").uuid();
        tasks = new FxTaskExecutor(FxTaskExecutor.workerPool(2), new UiChangeQueue(Platform::runLater));
        Windows windows = new Windows(tasks, new FxDialogService(() -> manager, statusLine::add),
                new Preferences(Settings.defaults(), change -> { }), new SchemaValidator(),
                getClass().getResource("/org/virtfx/resources/css/virtfx.css").toExternalForm(), Platform::runLater, null);
        domainWindow = windows.openDomain(connection, test, "test default", false);
    }

    @AfterEach
    void close(FxRobot robot) {
        robot.interact(() -> List.copyOf(Window.getWindows()).stream().filter(w -> w != manager)
                .forEach(Window::hide));
        tasks.close();
        connection.close();
    }

    @Test
    void aRefusedApplyShowsItsErrorOverTheVmWindow(FxRobot robot) throws TimeoutException {
        TextField name = waitForName(robot);
        robot.interact(() -> name.setText("other"));
        robot.interact(() -> apply(robot).fire());
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> errorDialog().isPresent());
        Stage error = errorDialog().orElseThrow();
        assertEquals(domainWindow, error.getOwner(), "the error comes up over the VM window, not the manager");
        robot.interact(error::close);
    }

    @Test
    void aSavedApplyLeavesTheApplyButtonInsensitive(FxRobot robot) throws TimeoutException {
        waitForName(robot);
        TextField title = robot.from(domainWindow.getScene().getRoot()).lookup("#overview-title").query();
        robot.interact(() -> title.setText("A title"));
        assertTrue(!apply(robot).isDisabled(), "a change to apply");
        robot.interact(() -> apply(robot).fire());
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> connection.domains().xml(
                connection.domains().lookup("test").uuid(), true).contains("<title>A title</title>"));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> apply(robot).isDisabled());
        assertEquals(Optional.empty(), errorDialog());
    }

    private TextField waitForName(FxRobot robot) throws TimeoutException {
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> robot.from(domainWindow.getScene().getRoot())
                .lookup("#overview-name").tryQuery().map(n -> !((TextField) n).getText().isEmpty()).orElse(false));
        return robot.from(domainWindow.getScene().getRoot()).lookup("#overview-name").query();
    }

    private Button apply(FxRobot robot) {
        return robot.from(domainWindow.getScene().getRoot()).lookup("#apply").queryButton();
    }

    private static Optional<Stage> errorDialog() {
        return Window.getWindows().stream().filter(w -> w instanceof Stage s && "Error".equals(s.getTitle())
                && s.getScene().getRoot() instanceof DialogPane).map(Stage.class::cast).findFirst();
    }
}
