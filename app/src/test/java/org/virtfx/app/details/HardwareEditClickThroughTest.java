package org.virtfx.app.details;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Platform;
import javafx.scene.control.ListView;
import javafx.stage.Stage;
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
import org.virtfx.app.testing.RestrictedConnection;
import org.virtfx.app.testing.ScriptedDialogs;
import org.virtfx.app.ui.UiChangeQueue;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.DriverRegistry;
import org.virtfx.core.connect.Feature;
import org.virtfx.core.domain.DomainSnapshot;
import org.virtfx.core.xml.SchemaValidator;

/**
 * A person edits the memory of test:///default's "test" in its VM window, the XML editor, and
 * a watchdog added through Add Hardware.
 */
@ExtendWith(ApplicationExtension.class)
class HardwareEditClickThroughTest {
    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private Connection connection;
    private FxTaskExecutor tasks;
    private Preferences preferences;
    private UUID uuid;
    private DomainWindowViewModel vm;

    @Start
    void start(Stage stage) {
        connection = DriverRegistry.discover().open("test:///default");
        uuid = connection.domains().lookup("test").uuid();
        tasks = new FxTaskExecutor(FxTaskExecutor.workerPool(2), new UiChangeQueue(Platform::runLater));
        preferences = new Preferences(Settings.defaults(), change -> { });
        // The memory edit's test is of a connection that changes no running guest (the live
        // change has LiveResourcesClickThroughTest); the rest does not depend on it.
        vm = new DomainWindowViewModel(RestrictedConnection.without(connection, Feature.LIVE_RESOURCE_CHANGES), uuid,
                "test default", tasks, dialogs,
                preferences, new SchemaValidator(), Platform::runLater);
        new DomainWindowView(vm, 60).showIn(stage,
                getClass().getResource("/org/virtfx/resources/css/virtfx.css").toExternalForm());
    }

    @AfterEach
    void close() {
        tasks.close();
        connection.close();
    }

    private void select(FxRobot robot, String label) throws TimeoutException {
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup("#hardware-list").<ListView<HardwareItem>>query()
                .getItems().stream().anyMatch(i -> i.label().equals(label)));
        robot.clickOn(robot.lookup(".list-cell").match(
                (javafx.scene.control.ListCell<?> c) -> label.equals(c.getText())).<javafx.scene.Node>query());
    }

    @Test
    void theSnapshotsButtonShowsTheDomainsSnapshots(FxRobot robot) throws TimeoutException {
        connection.domains().createSnapshot(uuid, "<domainsnapshot><name>clean</name></domainsnapshot>");

        robot.clickOn("#mode-snapshots");

        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup("#snapshot-list")
                .<ListView<DomainSnapshot>>query().getItems().stream().anyMatch(s -> s.name().equals("clean")));
        assertTrue(shown(robot.lookup("#snapshot-list").query()));
        assertTrue(robot.lookup("#hardware-list").tryQuery().isEmpty(),
                "the hardware list has left the window with the Details page");
    }

    /** Whether a node and every parent of it are visible. */
    private static boolean shown(javafx.scene.Node node) {
        for (javafx.scene.Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return true;
    }

    @Test
    void memoryEditAppearsInTheInactiveXml(FxRobot robot) throws TimeoutException {
        select(robot, "Memory");
        robot.doubleClickOn("#memory-current .text-field").eraseText(10).write("1024");
        // Tab commits the typed value without pressing the default button (Enter would apply).
        robot.type(javafx.scene.input.KeyCode.TAB);
        assertTrue(robot.lookup("#after-shutdown").query().isVisible(), "the domain runs: says when the edit applies");
        robot.clickOn("#apply");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS,
                () -> connection.domains().xml(uuid, true).contains("<currentMemory unit='KiB'>1048576</currentMemory>"));
        // The save's reload is under way once it has told: closing the tasks earlier refuses it.
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> !dialogs.notes.isEmpty());
        assertFalse(connection.domains().xml(uuid, false).contains("1048576"), "the live definition waits");
        assertEquals("[]", dialogs.errors.toString());
    }

    @Test
    void hostDevicesTheConnectionCannotGiveAreGreyedOutAndCannotBePicked(FxRobot robot) throws TimeoutException {
        robot.clickOn("#add-hardware");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup("#hardware-kinds").tryQuery().isPresent());
        javafx.scene.control.ListCell<?> pci = robot.lookup("#hardware-kinds .list-cell").match(
                (javafx.scene.control.ListCell<?> c) -> "PCI Host Device".equals(c.getText())).query();
        assertEquals("This connection cannot give a guest the host's PCI devices", pci.getTooltip().getText());
        assertTrue(pci.getOpacity() < 1, "greyed out");
        robot.clickOn(pci);
        assertEquals("Storage", String.valueOf(robot.lookup("#hardware-kinds").<ListView<?>>query()
                .getSelectionModel().getSelectedItem()), "the click picks nothing");
        javafx.scene.control.ListCell<?> watchdog = robot.lookup("#hardware-kinds .list-cell").match(
                (javafx.scene.control.ListCell<?> c) -> "Watchdog".equals(c.getText())).query();
        assertEquals(null, watchdog.getTooltip(), "a kind the domain can have is offered as before");
        robot.clickOn("Cancel");
    }

    @Test
    void watchdogAddedThroughAddHardwareThenItsActionChanged(FxRobot robot) throws TimeoutException {
        robot.clickOn("#add-hardware");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup("#hardware-kinds").tryQuery().isPresent());
        robot.clickOn(robot.lookup("#hardware-kinds .list-cell").match(
                (javafx.scene.control.ListCell<?> c) -> "Watchdog".equals(c.getText())).<javafx.scene.Node>query());
        robot.clickOn("#add-hardware-finish");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS,
                () -> connection.domains().xml(uuid, true).contains("<watchdog model='i6300esb' action='reset'/>"));

        select(robot, "Watchdog");
        robot.clickOn("#watchdog-action");
        robot.clickOn(robot.lookup(".combo-box-popup .list-cell").match(
                (javafx.scene.control.ListCell<?> c) -> "poweroff".equals(c.getText())).<javafx.scene.Node>query());
        robot.clickOn("#apply");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS,
                () -> connection.domains().xml(uuid, true).contains("<watchdog model='i6300esb' action='poweroff'/>"));
        assertEquals("[]", dialogs.errors.toString());
    }

    @Test
    void aNewDiskImageOfTwoGibIsCreatedAndAttachedThroughAddHardware(FxRobot robot) throws TimeoutException {
        robot.clickOn("#add-hardware");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup("#add-disk-create").tryQuery().isPresent()
                && robot.lookup("#add-disk-create").<javafx.scene.control.RadioButton>query().isSelected());
        robot.doubleClickOn("#add-disk-size .text-field").eraseText(10).write("2");
        robot.type(javafx.scene.input.KeyCode.TAB);
        robot.clickOn("#add-hardware-finish");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> connection.domains().xml(uuid, true).contains("test.qcow2"));
        var pool = connection.storage().lookupPool("default-pool").uuid();
        assertEquals(2L << 30, connection.storage().listVolumes(pool).stream()
                .filter(v -> v.name().equals("test.qcow2")).findFirst().orElseThrow().capacity());
        settle();
        assertEquals("[]", dialogs.errors.toString());
    }

    /** Waits for the reload after a change, so it does not outlive the test's task executor. */
    private void settle() throws TimeoutException {
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> !vm.busyProperty().get() && tasks.runningTasks().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void aNicOnTheDefaultNetworkIsPickedFromTheList(FxRobot robot) throws TimeoutException {
        robot.clickOn("#add-hardware");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup("#hardware-kinds").tryQuery().isPresent());
        robot.clickOn(robot.lookup("#hardware-kinds .list-cell").match(
                (javafx.scene.control.ListCell<?> c) -> "Network".equals(c.getText())).<javafx.scene.Node>query());
        robot.clickOn("#add-nic-source");
        robot.clickOn(robot.lookup(".combo-box-popup .list-cell").match(
                (javafx.scene.control.ListCell<?> c) -> "Virtual network 'default' : NAT".equals(c.getText()))
                .<javafx.scene.Node>query());
        robot.clickOn("#add-hardware-finish");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> connection.domains().xml(uuid, true)
                .split("<source network='default'").length == 3);
        settle();
        assertEquals("[]", dialogs.errors.toString());
    }

    @Test
    void xmlEditorRefusesInvalidXmlThenAppliesValidXmlAfterTheDiff(FxRobot robot) throws TimeoutException {
        robot.interact(() -> preferences.xmlEditingProperty().set(true));
        select(robot, "VirtIO Disk 1");
        robot.clickOn("XML");
        assertFalse(robot.lookup("#xml-readonly-banner").query().isVisible());
        robot.interact(() -> robot.lookup("#xml-text").<javafx.scene.control.TextArea>query().setText(
                "<disk type='file' device='disk'>\n  <source file='/guest/new.img'/>\n  <target dev='vda' bus='bogus'/>\n</disk>"));
        robot.clickOn("#apply");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup("#xml-problems").query().isVisible());
        assertTrue(robot.lookup("#xml-problems").<ListView<String>>query().getItems().get(0).startsWith("line 3,"));
        robot.interact(() -> robot.lookup("#xml-text").<javafx.scene.control.TextArea>query().setText(
                "<disk type='file' device='disk'>\n  <source file='/guest/new.img'/>\n  <target dev='vda' bus='virtio'/>\n</disk>"));
        robot.clickOn("#apply");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> connection.domains().xml(uuid, true).contains("/guest/new.img"));
        assertTrue(dialogs.asked.get(0).explanation().contains("+   <source file='/guest/new.img'/>"),
                dialogs.asked.get(0).explanation());
    }
}
