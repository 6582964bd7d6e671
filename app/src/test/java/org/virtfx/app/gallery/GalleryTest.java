package org.virtfx.app.gallery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Platform;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.Node;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.ListView;
import javafx.scene.control.TabPane;
import javafx.scene.image.Image;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.virtfx.app.addconnection.AddConnectionView;
import org.virtfx.app.addconnection.AddConnectionViewModel;
import org.virtfx.app.clone.CloneDialog;
import org.virtfx.app.clone.CloneViewModel;
import org.virtfx.app.delete.DeleteDialog;
import org.virtfx.app.delete.DeleteViewModel;
import org.virtfx.app.details.CpusPage;
import org.virtfx.app.details.DomainWindowView;
import org.virtfx.app.details.DomainWindowViewModel;
import org.virtfx.app.details.HardwareItem;
import org.virtfx.app.help.HelpMenu;
import org.virtfx.app.host.HostSummaryViewModel;
import org.virtfx.app.hostdetails.ConnectionDetailsView;
import org.virtfx.app.hostdetails.HostOverviewViewModel;
import org.virtfx.app.hostdetails.NetworksViewModel;
import org.virtfx.app.hostdetails.StorageViewModel;
import org.virtfx.app.manager.ManagerView;
import org.virtfx.app.manager.ManagerViewModel;
import org.virtfx.app.migrate.MigrateDialog;
import org.virtfx.app.migrate.MigrateViewModel;
import org.virtfx.app.preferences.Preferences;
import org.virtfx.app.preferences.PreferencesView;
import org.virtfx.app.preferences.ThemeSheets;
import org.virtfx.app.settings.Settings;
import org.virtfx.app.settings.SettingsStore;
import org.virtfx.app.settings.Theme;
import org.virtfx.app.task.FxTaskExecutor;
import org.virtfx.app.testing.ScriptedDialogs;
import org.virtfx.app.ui.FxDialogService;
import org.virtfx.app.ui.UiChangeQueue;
import org.virtfx.app.wizard.NewDomainView;
import org.virtfx.app.wizard.NewDomainViewModel;
import org.virtfx.app.wizard.WizardConnection;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.DriverRegistry;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.xml.SchemaValidator;

/**
 * Opens every window, page and dialog of the application on test:///default, in both themes,
 * at the size each opens with, writes each as a PNG under {@code target/gallery/THEME/} for a
 * person to look over, and fails on any text that is cut short or does not stand out from its
 * background by WCAG AA's 4.5:1 (see {@link TextAudit}).
 */
@ExtendWith(ApplicationExtension.class)
class GalleryTest {
    private static final Path OUT = Path.of("target", "gallery");
    /** The theme every window follows; ThemeSheets listens to it for the whole test JVM. */
    private static final ObjectProperty<Theme> THEME = new SimpleObjectProperty<>(Theme.LIGHT);
    private static boolean themed;

    /**
     * Cut labels in dialogs that other branches of issue 17 are mending (the container wizard's
     * step 2, the Delete dialog's storage list). Each must still be found, so the line goes as
     * soon as its fix lands and the test guards it from then on.
     */
    private static final List<String> KNOWN = List.of(
            "delete.png: cut: '⚠ Not managed storage");

    private final List<String> problems = new ArrayList<>();
    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private final String css = GalleryTest.class.getResource("/org/virtfx/resources/css/virtfx.css").toExternalForm();
    private Connection connection;
    private FxTaskExecutor tasks;
    private Preferences preferences;
    private Theme theme;
    private Path settingsDir;
    /** Each theme's settings folder, under one folder JUnit deletes after the class. */
    @TempDir
    static Path settingsRoot;

    @Start
    void start(Stage stage) {
        if (!themed) {
            new ThemeSheets(GalleryTest.class.getResource("/org/virtfx/resources/css/virtfx.css").toExternalForm(), THEME)
                    .install();
            themed = true;
        }
    }

    @AfterEach
    void close() throws Exception {
        // Tests after this one open their windows in the light theme they expect.
        WaitForAsyncUtils.asyncFx(() -> THEME.set(Theme.LIGHT)).get();
        WaitForAsyncUtils.asyncFx(() -> List.copyOf(Window.getWindows()).forEach(Window::hide));
        WaitForAsyncUtils.waitForFxEvents();
        if (tasks != null) {
            tasks.close();
        }
        if (connection != null) {
            connection.close();
        }
    }

    @Test
    void lightThemeReadsWhole(FxRobot robot) throws Exception {
        gallery(Theme.LIGHT, robot);
    }

    @Test
    void darkThemeReadsWhole(FxRobot robot) throws Exception {
        gallery(Theme.DARK, robot);
    }

    private void gallery(Theme shown, FxRobot fxRobot) throws Exception {
        theme = shown;
        WaitForAsyncUtils.asyncFx(() -> THEME.set(shown)).get();
        settingsDir = Files.createDirectory(settingsRoot.resolve(shown.name().toLowerCase(Locale.ROOT)));
        connection = DriverRegistry.discover().open("test:///default");
        tasks = new FxTaskExecutor(FxTaskExecutor.workerPool(2), new UiChangeQueue(Platform::runLater));
        preferences = new Preferences(Settings.defaults(), change -> { });
        UUID test = GalleryDomain.withEveryDevice(connection);

        manager();
        domainWindow(test);
        domainDialogs(test);
        newVmWizard();
        connectionDetails();
        preferencesWindow();
        errorDialog();
        help();

        List<String> unknown = problems.stream().filter(p -> KNOWN.stream().noneMatch(k -> p.contains("/" + k))).toList();
        List<String> mended = KNOWN.stream().filter(k -> problems.stream().noneMatch(p -> p.contains("/" + k))).toList();
        assertEquals("", String.join("\n", unknown), unknown.size() + " problems in " + shown + "; PNGs in " + OUT);
        assertEquals(List.of(), mended, "no longer found: take them off KNOWN");
        assertEquals(List.of(), dialogs.errors, "no window failed to load");
    }

    private void manager() throws Exception {
        ManagerViewModel vm = new ManagerViewModel(DriverRegistry.discover(), tasks, new UiChangeQueue(Platform::runLater),
                dialogs, new SettingsStore(settingsDir.resolve("settings.conf")), Settings.defaults(), row -> { });
        Stage stage = open(() -> {
            Stage window = new Stage();
            new ManagerView(vm, tasks.runningTasks()).showIn(window);
            window.getScene().getStylesheets().add(css);
            window.show();
            vm.addConnection("test:///default", false);
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm.connections().stream()
                .anyMatch(c -> c.connection() != null));
        shoot("manager", stage);
        Stage add = open(() -> new AddConnectionView(new AddConnectionViewModel()).showAndWait(stage));
        shoot("add-connection", add);
        hide(add);
        hide(stage);
        vm.connections().forEach(vm::disconnect);
    }

    private void domainWindow(UUID uuid) throws Exception {
        DomainWindowViewModel vm = new DomainWindowViewModel(connection, uuid, "test default", tasks, dialogs,
                preferences, new SchemaValidator(), Platform::runLater);
        Stage stage = open(() -> new DomainWindowView(vm, 3600).show(css));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm.hardware().size() > 6);
        List<HardwareItem> items = List.copyOf(vm.hardware());
        for (int i = 0; i < items.size(); i++) {
            HardwareItem item = items.get(i);
            WaitForAsyncUtils.asyncFx(() -> vm.selectedProperty().set(item)).get();
            shoot(String.format("vm-details-%02d-%s", i, slug(item.label())), stage);
        }
        TabPane tabs = find(stage, "#page-tabs");
        WaitForAsyncUtils.asyncFx(() -> tabs.getSelectionModel().select(1)).get();
        shoot("vm-details-xml", stage);
        WaitForAsyncUtils.asyncFx(() -> tabs.getSelectionModel().select(0)).get();

        Stage add = open(() -> this.<ButtonBase>find(stage, "#add-hardware").fire());
        ListView<?> kinds = find(add, "#hardware-kinds");
        for (int i = 0; i < kinds.getItems().size(); i++) {
            int index = i;
            WaitForAsyncUtils.asyncFx(() -> kinds.getSelectionModel().select(index)).get();
            shoot(String.format("add-hardware-%02d-%s", i, slug(kinds.getItems().get(i).toString())), add);
        }
        hide(add);

        WaitForAsyncUtils.asyncFx(() -> vm.modeProperty().set(DomainWindowViewModel.Mode.CONSOLE)).get();
        shoot("vm-console", stage);
        connection.domains().createSnapshot(uuid, "<domainsnapshot><name>clean</name>"
                + "<description>Before the upgrade</description></domainsnapshot>");
        WaitForAsyncUtils.asyncFx(() -> vm.modeProperty().set(DomainWindowViewModel.Mode.SNAPSHOTS)).get();
        shoot("vm-snapshots", stage);
        Stage snapshot = open(() -> this.<ButtonBase>find(stage, "#snapshot-add").fire());
        shoot("create-snapshot", snapshot);
        hide(snapshot);
        hide(stage);

        DomainWindowViewModel customize = new DomainWindowViewModel(connection, uuid, "test default", tasks, dialogs,
                preferences, new SchemaValidator(), Platform::runLater);
        Stage custom = open(() -> {
            customize.customizeBeforeInstall(started -> { });
            new DomainWindowView(customize, 3600).show(css);
        });
        shoot("vm-customize-before-install", custom);
        hide(custom);
        variants(uuid);
    }

    /** Pages in states the first pass does not reach: a manual CPU topology, a console waiting for Connect, a container. */
    private void variants(UUID uuid) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> preferences.consoleAutoconnectProperty().set(false)).get();
        DomainWindowViewModel vm = new DomainWindowViewModel(connection, uuid, "test default", tasks, dialogs,
                preferences, new SchemaValidator(), Platform::runLater);
        Stage stage = open(() -> new DomainWindowView(vm, 3600).show(css));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm.hardware().size() > 6);
        WaitForAsyncUtils.asyncFx(() -> {
            vm.selectedProperty().set(vm.hardware().stream().filter(i -> i.label().equals("CPUs")).findFirst()
                    .orElseThrow());
            CpusPage cpus = (CpusPage) vm.pageProperty().get();
            cpus.manualTopologyProperty().set(true);
            cpus.socketsProperty().set(2);
            cpus.copyHostProperty().set(true);
        }).get();
        shoot("vm-details-cpus-manual-topology", stage);
        WaitForAsyncUtils.asyncFx(vm::cancel).get();
        WaitForAsyncUtils.asyncFx(() -> vm.modeProperty().set(DomainWindowViewModel.Mode.CONSOLE)).get();
        shoot("vm-console-waits-for-connect", stage);
        hide(stage);
        WaitForAsyncUtils.asyncFx(() -> preferences.consoleAutoconnectProperty().set(true)).get();

        UUID container = connection.domains().define("<domain type='test'><name>web</name><memory unit='MiB'>256"
                + "</memory><os><type>exe</type><init>/usr/sbin/httpd</init><initarg>-f</initarg></os><devices>"
                + "<filesystem type='mount'><source dir='/srv/web'/><target dir='/'/></filesystem>"
                + "<console type='pty'><target type='lxc'/></console></devices></domain>").uuid();
        DomainWindowViewModel web = new DomainWindowViewModel(connection, container, "test default", tasks, dialogs,
                preferences, new SchemaValidator(), Platform::runLater);
        Stage webStage = open(() -> new DomainWindowView(web, 3600).show(css));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !web.hardware().isEmpty());
        List<HardwareItem> items = List.copyOf(web.hardware());
        for (int i = 0; i < items.size(); i++) {
            HardwareItem item = items.get(i);
            WaitForAsyncUtils.asyncFx(() -> web.selectedProperty().set(item)).get();
            shoot(String.format("container-details-%02d-%s", i, slug(item.label())), webStage);
        }
        hide(webStage);
    }

    private void domainDialogs(UUID uuid) throws Exception {
        Stage clone = open(() -> CloneDialog.show(null, new CloneViewModel(connection, uuid, tasks, dialogs,
                new SecureRandom())));
        shoot("clone", clone);
        hide(clone);
        Stage delete = open(() -> DeleteDialog.show(null, new DeleteViewModel(connection, uuid, "test", tasks, dialogs,
                question -> true)));
        shoot("delete", delete);
        hide(delete);
        Stage migrate = open(() -> MigrateDialog.show(null, new MigrateViewModel("test", uuid, true, connection,
                "test default", List.of(), tasks, new UiChangeQueue(Platform::runLater), dialogs)));
        shoot("migrate", migrate);
        hide(migrate);
    }

    private void newVmWizard() throws Exception {
        Stage stage = open(() -> new NewDomainView(new NewDomainViewModel(
                List.of(new WizardConnection("test default", connection)), tasks, dialogs, new SchemaValidator(),
                created -> { })).show(null, css));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> lookup(stage, "#method-manual") != null);
        shoot("new-vm-1-method", stage);
        for (String method : List.of("application-container", "os-container", "local-media", "import-disk")) {
            WaitForAsyncUtils.asyncFx(() -> this.<ButtonBase>find(stage, "#method-" + method).fire()).get();
            WaitForAsyncUtils.asyncFx(() -> this.<ButtonBase>find(stage, "#wizard-forward").fire()).get();
            shoot("new-vm-2-" + method, stage);
            WaitForAsyncUtils.asyncFx(() -> this.<ButtonBase>find(stage, "#wizard-back").fire()).get();
        }
        WaitForAsyncUtils.asyncFx(() -> this.<ButtonBase>find(stage, "#method-manual").fire()).get();
        for (int step = 2; step <= 5; step++) {
            WaitForAsyncUtils.asyncFx(() -> this.<ButtonBase>find(stage, "#wizard-forward").fire()).get();
            shoot("new-vm-" + step + "-manual", stage);
        }
        hide(stage);
    }

    private void connectionDetails() throws Exception {
        Stage stage = open(() -> new ConnectionDetailsView(
                new HostOverviewViewModel(connection, tasks, new HostSummaryViewModel(connection, tasks, dialogs)),
                new NetworksViewModel(connection, tasks, dialogs, new SchemaValidator()),
                new StorageViewModel(connection, tasks, dialogs, new SchemaValidator()), "test default", 3600)
                .show(css));
        TabPane tabs = find(stage, "#connection-tabs");
        String[] names = {"overview", "networks", "storage"};
        for (int i = 0; i < names.length; i++) {
            int index = i;
            WaitForAsyncUtils.asyncFx(() -> tabs.getSelectionModel().select(index)).get();
            if (i == 1) {
                selectFirst(stage, "#network-list");
            } else if (i == 2) {
                selectFirst(stage, "#pool-list");
            }
            shoot("connection-" + names[i], stage);
        }
        for (String button : List.of("network-add", "pool-add", "volume-add")) {
            Stage dialog = open(() -> this.<ButtonBase>find(stage, "#" + button).fire());
            shoot("connection-" + button, dialog);
            hide(dialog);
        }
        hide(stage);
    }

    private void preferencesWindow() throws Exception {
        Stage stage = open(() -> new PreferencesView(preferences).show(null, css));
        TabPane tabs = (TabPane) stage.getScene().getRoot().lookup(".tab-pane");
        for (int i = 0; i < tabs.getTabs().size(); i++) {
            int index = i;
            WaitForAsyncUtils.asyncFx(() -> tabs.getSelectionModel().select(index)).get();
            shoot("preferences-" + slug(tabs.getTabs().get(i).getText()), stage);
        }
        hide(stage);
    }

    private void errorDialog() throws Exception {
        Stage stage = open(() -> new FxDialogService(() -> null, message -> { }).showError("Could not start 'test'",
                VirtException.of(ErrorCode.OPERATION_FAILED, "the guest's disk /var/lib/libvirt/images/test.qcow2 "
                        + "is in use by another domain")));
        shoot("error-dialog", stage);
        hide(stage);
    }

    private void help() throws Exception {
        HelpMenu menu = new HelpMenu(null);
        Stage contents = open(menu::showContents);
        ListView<?> topics = find(contents, "#help-topics");
        for (int i = 0; i < topics.getItems().size(); i++) {
            int index = i;
            WaitForAsyncUtils.asyncFx(() -> topics.getSelectionModel().select(index)).get();
            shoot(String.format("help-%02d-%s", i, slug(topics.getItems().get(i).toString())), contents);
        }
        hide(contents);
        Stage about = open(menu::showAbout);
        shoot("help-about", about);
        hide(about);
    }

    private void selectFirst(Stage stage, String id) throws Exception {
        ListView<?> list = find(stage, id);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !list.getItems().isEmpty());
        WaitForAsyncUtils.asyncFx(() -> list.getSelectionModel().select(0)).get();
    }

    /** Runs {@code opener} on the FX thread and returns the one window it opened, once it shows. */
    private Stage open(Runnable opener) throws Exception {
        Set<Window> before = WaitForAsyncUtils.asyncFx(() -> new HashSet<>(Window.getWindows())).get();
        Platform.runLater(opener);
        Stage[] opened = new Stage[1];
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() -> {
            for (Window w : Window.getWindows()) {
                if (!before.contains(w) && w.isShowing() && w instanceof Stage s) {
                    opened[0] = s;
                    return true;
                }
            }
            return false;
        }).get());
        return opened[0];
    }

    private void hide(Stage stage) throws Exception {
        WaitForAsyncUtils.asyncFx(stage::hide).get();
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Waits until background work is done and the window has laid out, then writes and reads it. */
    private void shoot(String name, Stage stage) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(
                () -> tasks.runningTasks().isEmpty()).get());
        WaitForAsyncUtils.waitForFxEvents();
        Image image = WaitForAsyncUtils.asyncFx(() -> stage.getScene().snapshot(null)).get();
        String file = theme.name().toLowerCase(Locale.ROOT) + "/" + name + ".png";
        try {
            Png.write(image, OUT.resolve(file));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + OUT.resolve(file), e);
        }
        for (String problem : WaitForAsyncUtils.asyncFx(() -> TextAudit.problems(stage.getScene(), image)).get()) {
            problems.add(file + ": " + problem);
        }
    }

    private <T extends Node> T find(Stage stage, String selector) {
        T node = lookup(stage, selector);
        if (node == null) {
            throw new AssertionError("no " + selector + " in '" + stage.getTitle() + "'");
        }
        return node;
    }

    @SuppressWarnings("unchecked")
    private <T extends Node> T lookup(Stage stage, String selector) {
        if (Platform.isFxApplicationThread()) {
            return (T) stage.getScene().getRoot().lookup(selector);
        }
        try {
            return (T) WaitForAsyncUtils.asyncFx(() -> stage.getScene().getRoot().lookup(selector)).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String slug(String label) {
        return label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }
}
