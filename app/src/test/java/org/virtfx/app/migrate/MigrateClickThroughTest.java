package org.virtfx.app.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.virtfx.app.task.FxTaskExecutor;
import org.virtfx.app.testing.ScriptedDialogs;
import org.virtfx.app.ui.UiChangeQueue;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.DriverChoice;
import org.virtfx.core.connect.DriverRegistry;
import org.virtfx.core.domain.DomainState;
import org.virtfx.drivers.libvirt.LibvirtTestGuest;
import org.virtfx.drivers.libvirt.PrivateLibvirtd;

/**
 * A person moves a running TCG guest between two real libvirtd (each in namespaces of its own,
 * see {@link PrivateLibvirtd}) through the Migrate dialog: first to a host whose daemon is gone,
 * which the dialog reports in place, then live to the other daemon, with the copy's progress on
 * the dialog until it closes. The guest's memory goes through a UNIX socket (the Migration URI
 * field), as the daemons share no network.
 */
@ExtendWith(ApplicationExtension.class)
class MigrateClickThroughTest {
    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private final List<String> statuses = new CopyOnWriteArrayList<>();
    private PrivateLibvirtd sourceDaemon;
    private PrivateLibvirtd destinationDaemon;
    private Connection source;
    private Connection destination;
    private FxTaskExecutor tasks;
    private Path shared;
    private UUID uuid;
    private Stage dialog;
    private MigrateViewModel vm;

    @Start
    void start(Stage stage) throws Exception {
        LibvirtTestGuest guest = LibvirtTestGuest.get();
        sourceDaemon = PrivateLibvirtd.start();
        destinationDaemon = PrivateLibvirtd.start();
        shared = Files.createTempDirectory("virtfx-migrate-dialog-");
        DriverRegistry drivers = DriverRegistry.discover();
        source = drivers.open(sourceDaemon.uri(), DriverChoice.LIBVIRT);
        destination = drivers.open(destinationDaemon.uri(), DriverChoice.LIBVIRT);
        uuid = source.domains().define(guest.domainXml("traveller")).uuid();
        source.domains().start(uuid);

        tasks = new FxTaskExecutor(FxTaskExecutor.workerPool(2), new UiChangeQueue(Platform::runLater));
        vm = new MigrateViewModel("traveller", uuid, true, source, "source host",
                List.of(new MigrateViewModel.Host("gone host", "qemu+unix:///system?socket=" + shared.resolve("gone")),
                        new MigrateViewModel.Host("destination host", destinationDaemon.uri())),
                tasks, new UiChangeQueue(Platform::runLater), dialogs);
        vm.statusProperty().addListener((o, was, now) -> statuses.add(now));
        // Monocle cannot show an owner window without a scene.
        stage.setScene(new Scene(new Label("owner"), 200, 100));
        stage.show();
        dialog = MigrateDialog.show(stage, vm);
    }

    @AfterEach
    void close() throws Exception {
        if (tasks != null) {
            tasks.close();
        }
        for (AutoCloseable each : new AutoCloseable[] {source, destination, sourceDaemon, destinationDaemon}) {
            if (each != null) {
                each.close();
            }
        }
        if (shared != null) {
            Files.deleteIfExists(shared.resolve("memory.sock"));
            Files.deleteIfExists(shared);
        }
    }

    @Test
    void aGoneHostIsReportedOnTheDialogAndTheGuestThenMovesLiveToTheOther(FxRobot robot) throws Exception {
        assertTrue(robot.lookup("#migrate-live").queryAs(javafx.scene.control.RadioButton.class).isSelected(),
                "a running guest moves live");
        robot.clickOn("Advanced options");
        robot.clickOn("#migrate-uri").write("unix://" + shared.resolve("memory.sock"));
        robot.clickOn("#migrate-finish");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !vm.busyProperty().get() && !statuses.isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Unable to migrate guest 'traveller' to gone host: Failed to connect socket to '"
                + shared.resolve("gone") + "': No such file or directory", vm.errorProperty().get(),
                "notes " + dialogs.notes + ", statuses " + statuses + ", destination " + destination.domains().list());
        assertTrue(dialog.isShowing(), "the dialog stays for another try");
        assertEquals(vm.errorProperty().get(), robot.lookup("#migrate-error").queryLabeled().getText());
        assertEquals(DomainState.RUNNING, source.domains().byUuid(uuid).orElseThrow().state());

        robot.clickOn("#migrate-host").clickOn("destination host");
        robot.clickOn("#migrate-finish");
        try {
            WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> !dialog.isShowing());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the dialog stayed: target " + vm.targetProperty().get() + ", error '"
                    + vm.errorProperty().get() + "', statuses " + statuses, e);
        }
        assertEquals(List.of("Migrated 'traveller' to destination host"), dialogs.notes);
        assertEquals(Optional.empty(), source.domains().byUuid(uuid));
        assertEquals(DomainState.RUNNING, destination.domains().byUuid(uuid).orElseThrow().state());
        assertTrue(statuses.contains("Migrating to destination host…"), statuses.toString());
        assertTrue(statuses.contains("Migrated traveller"), "the driver's last word reached the dialog: " + statuses);
        assertEquals("", vm.errorProperty().get());
        destination.domains().destroy(uuid);
    }
}
