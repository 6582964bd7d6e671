package org.virtfx.app.manager;

import java.nio.file.Path;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.virtfx.app.settings.Settings;
import org.virtfx.app.settings.SettingsStore;
import org.virtfx.app.task.FxTaskExecutor;
import org.virtfx.app.ui.FxDialogService;
import org.virtfx.app.ui.UiChangeQueue;
import org.virtfx.core.connect.DriverRegistry;

/** The manager window wired as the application wires it, on a stage TestFX provides. */
final class ManagerWindowFixture {
    final FxTaskExecutor tasks;
    final ManagerViewModel viewModel;
    final ManagerView view;

    ManagerWindowFixture(Stage stage, Path configDir) {
        UiChangeQueue ui = new UiChangeQueue(Platform::runLater);
        tasks = new FxTaskExecutor(FxTaskExecutor.workerPool(4), ui);
        viewModel = new ManagerViewModel(DriverRegistry.discover(), tasks, ui,
                new FxDialogService(() -> stage, message -> { }),
                new SettingsStore(configDir.resolve("virtfx/settings.conf")), Settings.defaults(), row -> { });
        view = new ManagerView(viewModel, tasks.runningTasks());
        view.showIn(stage);
        stage.getScene().getStylesheets().add(
                ManagerWindowFixture.class.getResource("/org/virtfx/resources/css/virtfx.css").toExternalForm());
        stage.show();
    }

    /** Closes every connection, so test:///default starts afresh for the next test. */
    void close() {
        viewModel.connections().forEach(viewModel::disconnect);
        tasks.close();
    }
}
