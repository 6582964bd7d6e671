package org.virtfx.app.wizard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
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
import org.virtfx.app.task.FxTaskExecutor;
import org.virtfx.app.testing.CutLabels;
import org.virtfx.app.testing.Screenshots;
import org.virtfx.app.testing.ScriptedDialogs;
import org.virtfx.app.ui.UiChangeQueue;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.DriverRegistry;
import org.virtfx.core.domain.DomainState;
import org.virtfx.core.osinfo.IsoImages;
import org.virtfx.core.osinfo.LoopbackFiles;
import org.virtfx.core.xml.SchemaValidator;

/**
 * A person clicks through New VM on test:///default and gets a running application container;
 * each step, at the wizard's own size, shows its labels whole in both themes.
 */
@ExtendWith(ApplicationExtension.class)
class NewDomainClickThroughTest {
    private final List<NewDomainViewModel.Created> created = new CopyOnWriteArrayList<>();
    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private Connection connection;
    private FxTaskExecutor tasks;
    private Stage stage;
    private NewDomainViewModel wizard;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        connection = DriverRegistry.discover().open("test:///default");
        tasks = new FxTaskExecutor(FxTaskExecutor.workerPool(2), new UiChangeQueue(Platform::runLater));
        wizard = new NewDomainViewModel(List.of(new WizardConnection("test default", connection)),
                tasks, dialogs, new SchemaValidator(), created::add);
        new NewDomainView(wizard).showIn(stage,
                getClass().getResource("/org/virtfx/resources/css/virtfx.css").toExternalForm());
    }

    @AfterEach
    void close() {
        tasks.close();
        connection.close();
    }

    private static String text(FxRobot robot, String id) {
        return robot.lookup(id).<Label>query().getText();
    }

    @Test
    void applicationContainerIsCreatedAndStarted(FxRobot robot) throws TimeoutException {
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS,
                () -> robot.lookup("#method-application-container").tryQuery().isPresent());
        robot.clickOn("#method-application-container");
        robot.clickOn("#wizard-forward");
        assertEquals("Step 2 of 5", text(robot, "#wizard-step"));

        robot.doubleClickOn("#wizard-init-path").eraseText(20);
        robot.clickOn("#wizard-forward");
        assertTrue(text(robot, "#error-init-path").startsWith("An init path is required"),
                "refused next to the field");
        assertEquals("Step 2 of 5", text(robot, "#wizard-step"));
        robot.clickOn("#wizard-init-path").write("/bin/sleep");
        robot.clickOn("#wizard-init-args").write("infinity");
        robot.clickOn("#wizard-forward");
        assertEquals("Step 3 of 5", text(robot, "#wizard-step"));

        robot.doubleClickOn("#wizard-memory .text-field").eraseText(8).write("9999");
        robot.clickOn("#wizard-forward");
        assertEquals("Only 3072 MiB are available on the host", text(robot, "#error-memory"));
        robot.doubleClickOn("#wizard-memory .text-field").eraseText(8).write("256");
        robot.clickOn("#wizard-forward");
        assertEquals("Step 4 of 5", text(robot, "#wizard-step"));
        robot.clickOn("#wizard-forward");

        robot.doubleClickOn("#wizard-name").eraseText(20).write("test");
        robot.clickOn("#wizard-forward");
        assertEquals("Name 'test' is already in use by another domain", text(robot, "#error-name"));
        robot.doubleClickOn("#wizard-name").eraseText(20).write("sleeper");
        robot.clickOn("#wizard-forward");

        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> !created.isEmpty());
        assertEquals(List.of(), dialogs.errors);
        var domain = connection.domains().lookup("sleeper");
        assertEquals(DomainState.RUNNING, domain.state());
        String xml = connection.domains().xml(domain.uuid(), true);
        assertTrue(xml.contains("<init>/bin/sleep</init>\n    <initarg>infinity</initarg>"), xml);
        assertTrue(xml.contains("<memory unit='KiB'>262144</memory>"), xml);
    }

    /** Waits for a label's text, then names what it says instead if it never comes. */
    private static void waitForText(FxRobot robot, String id, String expected) {
        try {
            WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> expected.equals(text(robot, id)));
        } catch (TimeoutException e) {
            assertEquals(expected, text(robot, id), id + " after 5 s");
        }
    }

    @Test
    void anIsoIsRefusedUntilItIsOneThenDetectedAndInstalled(FxRobot robot, @TempDir Path dir) throws Exception {
        Path notes = Files.writeString(dir.resolve("notes.iso"), "not an image");
        Path iso = IsoImages.write(dir.resolve("debian.iso"), "Debian 11.5.0 amd64 n", "", "", "");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS,
                () -> robot.lookup("#method-local-media").tryQuery().isPresent());
        robot.clickOn("#method-local-media");
        robot.clickOn("#wizard-forward");
        robot.clickOn("#wizard-media-path").write(notes.toString());
        String refusal = "'" + notes + "' is not an ISO 9660 image: it ends before sector 16";
        waitForText(robot, "#error-media-path", refusal);
        robot.clickOn("#wizard-forward");
        assertEquals("Step 2 of 5", text(robot, "#wizard-step"), "refused on its step");
        assertEquals(refusal, text(robot, "#error-media-path"));

        robot.clickOn("#wizard-media-path").press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL)
                .write(iso.toString());
        waitForText(robot, "#wizard-detect-message", "Detected Debian 11 from the media");
        assertTrue(robot.lookup("#wizard-os-search").query().isDisabled(), "the manual choice waits while detected");
        assertEquals(List.of(), CutLabels.in(stage.getScene().getRoot()));
        robot.interact(() -> Screenshots.write(stage.getScene(), "new-vm-step2-detected"));
        robot.clickOn("#wizard-forward");
        assertEquals("Step 3 of 5", text(robot, "#wizard-step"));
        robot.doubleClickOn("#wizard-memory .text-field").eraseText(8).write("256");
        robot.clickOn("#wizard-forward");
        robot.clickOn("#wizard-forward");
        assertEquals("debian11", robot.lookup("#wizard-name").<TextField>query().getText());
        robot.clickOn("#wizard-customize");
        robot.clickOn("#wizard-forward");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> !created.isEmpty());
        assertEquals(List.of(), dialogs.errors);
        String xml = connection.domains().xml(connection.domains().lookup("debian11").uuid(), true);
        assertTrue(xml.contains("<source file='" + iso + "'/>"), xml);
        assertTrue(xml.contains("<libosinfo:os id=\"http://debian.org/debian/11\"/>"), xml);
    }

    @Test
    void aNetworkInstallsKernelOptionsFollowTheTreesOwn(FxRobot robot, @TempDir Path dir) throws Exception {
        wizard.bootDirectory(dir);
        try (LoopbackFiles tree = LoopbackFiles.start()) {
            tree.put("/f36/.treeinfo", "[general]\nfamily = Fedora\nversion = 36\narch = x86_64\nvariant = Server\n"
                    + "[images-x86_64]\nkernel = pxe/vmlinuz\ninitrd = pxe/initrd.img\n");
            tree.put("/f36/pxe/vmlinuz", "K");
            tree.put("/f36/pxe/initrd.img", "I");
            WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS,
                    () -> robot.lookup("#method-network-install").tryQuery().isPresent());
            robot.clickOn("#method-network-install");
            robot.clickOn("#wizard-forward");
            robot.clickOn("#wizard-install-url").write(tree.url("/f36/"));
            robot.clickOn("#wizard-kernel-options").write("console=ttyS0");
            assertEquals(List.of(), CutLabels.in(stage.getScene().getRoot()));
            robot.clickOn("#wizard-forward");
            waitForText(robot, "#wizard-step", "Step 3 of 5");
            robot.doubleClickOn("#wizard-memory .text-field").eraseText(8).write("256");
            robot.clickOn("#wizard-forward");
            robot.clickOn("#wizard-forward");
            robot.clickOn("#wizard-customize");
            robot.clickOn("#wizard-forward");
            WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> !created.isEmpty());
            assertEquals(List.of(), dialogs.errors);
            String xml = connection.domains().xml(created.get(0).domain().uuid(), true);
            assertTrue(xml.contains("<cmdline>inst.repo=" + tree.url("/f36/") + " console=ttyS0</cmdline>"), xml);
        }
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
