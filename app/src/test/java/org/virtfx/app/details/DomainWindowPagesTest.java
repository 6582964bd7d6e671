package org.virtfx.app.details;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * A VM window opened on its console, as the manager opens a running VM, builds its Details and
 * Snapshots pages when first chosen: each then shows what it would have shown built at once
 * (the selected entry and its form, the snapshot list), and is built once.
 */
@ExtendWith(ApplicationExtension.class)
class DomainWindowPagesTest {
    private Connection connection;
    private DomainWindowViewModel vm;

    @Start
    void start(Stage stage) {
        connection = DriverRegistry.discover().open("test:///default");
        vm = new DomainWindowViewModel(connection, connection.domains().lookup("test").uuid(), "test default",
                new CurrentThreadTaskExecutor(), new ScriptedDialogs(), new Preferences(Settings.defaults(), c -> { }),
                new SchemaValidator(), Runnable::run);
        vm.modeProperty().set(DomainWindowViewModel.Mode.CONSOLE);
        new DomainWindowView(vm, 60, () -> { }).showIn(stage,
                getClass().getResource("/org/virtfx/resources/css/virtfx.css").toExternalForm());
    }

    @AfterEach
    void close() {
        vm.close();
        connection.close();
    }

    @Test
    void detailsAndSnapshotsAreBuiltWhenFirstChosenAndShowTheirContent(FxRobot robot) {
        assertTrue(robot.lookup("#hardware-list").tryQuery().isEmpty(), "no Details page behind the console");
        assertTrue(robot.lookup("#snapshot-list").tryQuery().isEmpty(), "no Snapshots page behind the console");

        robot.clickOn("#mode-details");
        ListView<HardwareItem> list = robot.lookup("#hardware-list").query();
        assertEquals("Overview", list.getSelectionModel().getSelectedItem().label());
        ScrollPane form = (ScrollPane) robot.lookup("#page-tabs").<TabPane>query().getTabs().get(0).getContent();
        assertNotNull(form.getContent(), "the Overview's form is on the Details tab");

        robot.clickOn("#mode-snapshots");
        assertNotNull(robot.lookup("#snapshot-list").query(), "the Snapshots page");
        robot.clickOn("#mode-console");
        assertTrue(robot.lookup("#hardware-list").tryQuery().isEmpty(), "only the page on show is in the scene");

        robot.clickOn("#mode-details");
        assertSame(list, robot.lookup("#hardware-list").query(), "the Details page is built once");
        assertEquals("Overview", list.getSelectionModel().getSelectedItem().label());
    }
}
