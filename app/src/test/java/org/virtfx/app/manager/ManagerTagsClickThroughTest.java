package org.virtfx.app.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Platform;
import javafx.scene.control.Label;
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
import org.virtfx.app.details.DomainDocument;
import org.virtfx.app.settings.Settings;
import org.virtfx.app.settings.SettingsStore;
import org.virtfx.app.tags.DomainTags;
import org.virtfx.app.tags.TagIndex;
import org.virtfx.app.task.FxTaskExecutor;
import org.virtfx.app.ui.FxDialogService;
import org.virtfx.app.ui.UiChangeQueue;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.DriverRegistry;

/** The manager's New button, connection menu items and tag filter, with the windows recorded. */
@ExtendWith(ApplicationExtension.class)
class ManagerTagsClickThroughTest {
    @TempDir
    static Path config;

    private final List<String> opened = new CopyOnWriteArrayList<>();
    private FxTaskExecutor tasks;
    private ManagerViewModel viewModel;
    private TagIndex tags;
    private Connection own;

    @Start
    void start(Stage stage) {
        UiChangeQueue ui = new UiChangeQueue(Platform::runLater);
        tasks = new FxTaskExecutor(FxTaskExecutor.workerPool(2), ui);
        tags = new TagIndex(tasks);
        viewModel = new ManagerViewModel(DriverRegistry.discover(), tasks, ui, new FxDialogService(() -> stage, m -> { }),
                new SettingsStore(config.resolve("virtfx/settings.conf")), Settings.defaults(), row -> { });
        // A second connection to the same test:///default: it shares the node, and tags follow it.
        own = DriverRegistry.discover().open("test:///default");
        tags.follow(own);
        tags.activate();
        ManagerView view = new ManagerView(viewModel, tasks.runningTasks(), new ManagerWindows() {
            @Override
            public void newDomain(List<ConnectionRow> connections) {
                opened.add("new:" + connections.stream().map(ConnectionRow::uri).toList());
            }

            @Override
            public void connectionDetails(ConnectionRow connection) {
                opened.add("details:" + connection.uri());
            }

            @Override
            public void preferences() {
                opened.add("preferences");
            }

            @Override
            public TagIndex tags() {
                return tags;
            }
        });
        view.showIn(stage);
        stage.show();
        viewModel.addConnection("test:///default", false);
    }

    @AfterEach
    void close(FxRobot robot) {
        robot.interact(() -> viewModel.connections().forEach(viewModel::disconnect));
        tags.close();
        own.close();
        tasks.close();
    }

    private static boolean shown(FxRobot robot, String name) {
        return robot.lookup(".domain-name").<Label>queryAll().stream().anyMatch(l -> l.getText().equals(name));
    }

    @Test
    void newButtonAndMenusOpenTheirWindows(FxRobot robot) throws TimeoutException {
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> shown(robot, "test"));
        robot.clickOn("#new");
        robot.clickOn("Edit").clickOn("Preferences");
        robot.clickOn("test default");
        robot.clickOn("Edit").clickOn("Connection Details");
        assertEquals(List.of("new:[test:///default]", "preferences", "details:test:///default"), opened);
    }

    @Test
    void tagFilterShowsOnlyTaggedDomains(FxRobot robot) throws TimeoutException {
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> shown(robot, "test"));
        var test = own.domains().lookup("test");
        own.domains().define(DomainTags.write(new DomainDocument(own.domains().xml(test.uuid(), true)), List.of("web")));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> tags.allTags().contains("web"));
        CheckComboBox<String> filter = robot.lookup("#filter-tag").query();
        assertEquals("Any tag", filter.getTitle());
        robot.interact(() -> filter.getCheckModel().check("web"));
        assertEquals("web", filter.getTitle());
        assertTrue(shown(robot, "test"));
        own.domains().define(DomainTags.write(new DomainDocument(own.domains().xml(test.uuid(), true)), List.of("db")));
        // web is gone from every domain: it leaves the list and the filter, so the domain shows again
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> !tags.allTags().contains("web"));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> "Any tag".equals(filter.getTitle()));
        robot.interact(() -> filter.getCheckModel().check("db"));
        assertEquals("db", filter.getTitle());
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> shown(robot, "test"));
        robot.interact(() -> filter.getCheckModel().clearChecks());
        assertEquals("Any tag", filter.getTitle());
    }
}
