package org.virtfx.app.details;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.virtfx.app.preferences.Preferences;
import org.virtfx.app.settings.Settings;
import org.virtfx.app.testing.ScriptedDialogs;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.DriverRegistry;
import org.virtfx.core.task.CurrentThreadTaskExecutor;
import org.virtfx.core.xml.SchemaValidator;

/**
 * A VM window whose model finished loading before the view was built (a fast driver, a window
 * opened again) shows the selected entry and its page at once, not an empty page until the
 * person clicks another entry.
 */
@ExtendWith(ApplicationExtension.class)
class DomainWindowLoadedFirstTest {
    private Connection connection;
    private DomainWindowViewModel vm;

    @Start
    void start(Stage stage) {
        connection = DriverRegistry.discover().open("test:///default");
        // Loads in the constructor: the page and selection are set before the view exists.
        vm = new DomainWindowViewModel(connection, connection.domains().lookup("test").uuid(), "test default",
                new CurrentThreadTaskExecutor(), new ScriptedDialogs(), new Preferences(Settings.defaults(), c -> { }),
                new SchemaValidator(), Runnable::run);
        vm.modeProperty().set(DomainWindowViewModel.Mode.DETAILS);
        new DomainWindowView(vm, 60, () -> { }).showIn(stage,
                getClass().getResource("/org/virtfx/resources/css/virtfx.css").toExternalForm());
    }

    @AfterEach
    void close() {
        vm.close();
        connection.close();
    }

    @Test
    void theOverviewIsShownAndSelected(FxRobot robot) {
        ListView<HardwareItem> list = robot.lookup("#hardware-list").query();
        assertEquals("Overview", list.getSelectionModel().getSelectedItem().label());
        ScrollPane form = (ScrollPane) robot.lookup("#page-tabs").<TabPane>query().getTabs().get(0).getContent();
        assertNotNull(form.getContent(), "the Overview's form is on the Details tab");
    }
}
