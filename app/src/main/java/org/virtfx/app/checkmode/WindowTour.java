package org.virtfx.app.checkmode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.stream.Stream;
import javafx.application.Platform;
import javafx.event.Event;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Control;
import javafx.scene.control.DialogPane;
import javafx.scene.control.ListView;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableView;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.stage.WindowEvent;
import org.virtfx.app.manager.DomainRow;

/**
 * CI's package check ({@code installers/check-deb.sh}) runs the installed app with
 * {@code VIRTFX_CHECK=windows}: the manager then opens every window and dialog in turn through
 * the real menus and buttons, as a person's clicks would, on a test node file with a running
 * domain {@code running}, a shut-off one {@code stopped}, a network and a pool. For each window
 * or page it prints {@code virtfx-check shown<TAB>WHAT<TAB>WINDOW TITLE} and waits for a line on
 * standard input while the script photographs the window; it then closes the window as its
 * close button would. A window that does not appear, or an unexpected one (an error dialog),
 * prints {@code virtfx-check failed<TAB>WHAT<TAB>WHY}. At the end it prints
 * {@code virtfx-check done shown=N failed=M} and exits.
 */
public final class WindowTour {
    public static final String ENVIRONMENT = "VIRTFX_CHECK";
    private static final String PREFIX = "virtfx-check ";
    /** How long a window may take to appear: the first of each kind loads its classes. */
    private static final long APPEAR_MS = 20_000;
    /** After a window shows, long enough for its first frame to reach the screen. */
    private static final long PAINT_MS = 700;

    private final Stage manager;
    private final PrintStream out = System.out;
    private final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    /** Windows the tour has open on purpose; anything else that shows is a failure. */
    private final Set<Window> expected = new HashSet<>();
    private int shown;
    private int failed;

    public WindowTour(Stage manager) {
        this.manager = manager;
    }

    /** Whether this run is the package check's: {@code VIRTFX_CHECK=windows}. */
    public static boolean requested() {
        return "windows".equals(System.getenv(ENVIRONMENT));
    }

    public void start() {
        Thread tour = new Thread(this::run, "virtfx-check-tour");
        tour.setDaemon(true);
        tour.start();
    }

    private void run() {
        expected.add(manager);
        try {
            awaitDomains();
            page(manager, null, "manager");
            dialog(manager, "Add Connection…", "Add Connection");
            dialog(manager, "About", "About VirtFX");
            dialog(manager, "menu-preferences", "Preferences");
            dialog(manager, "menu-new-domain", "New VM");
            connectionDetails();
            select("running");
            dialog(manager, "context:menu-migrate", "Migrate 'running'");
            dialog(manager, "force-off", "Force Off");
            select("stopped");
            dialog(manager, "context:menu-clone", "Clone Virtual Machine");
            dialog(manager, "delete", "Delete 'stopped'");
            domainWindow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("tour", "interrupted");
        } catch (RuntimeException e) {
            fail("tour", e.toString());
        }
        out.println(PREFIX + "done shown=" + shown + " failed=" + failed);
        out.flush();
        Platform.exit();
    }

    private void connectionDetails() throws InterruptedException {
        Optional<Window> details = open(manager, "menu-connection-details", "Connection Details");
        if (details.isEmpty()) {
            return;
        }
        dialog(details.get(), "network-add", "Create a new virtual network");
        dialog(details.get(), "pool-add", "Add a New Storage Pool");
        onFx(() -> {
            nodes(details.get().getScene().getRoot()).filter(n -> "pool-list".equals(n.getId()))
                    .forEach(n -> ((ListView<?>) n).getSelectionModel().select(0));
            return null;
        });
        dialog(details.get(), "volume-add", "Add a Storage Volume");
        close(details.get(), "Connection Details");
    }

    private void domainWindow() throws InterruptedException {
        select("running");
        Optional<Window> window = open(manager, "open", "running on ");
        if (window.isEmpty()) {
            return;
        }
        dialog(window.get(), "add-hardware", "Add New Virtual Hardware");
        page(window.get(), "mode-snapshots", "snapshots page");
        dialog(window.get(), "snapshot-add", "Create snapshot");
        page(window.get(), "mode-console", "console page");
        close(window.get(), "VM window");
    }

    /** Waits until the manager lists the node file's domains. */
    private void awaitDomains() throws InterruptedException {
        long end = System.currentTimeMillis() + APPEAR_MS;
        while (onFx(() -> domainItems().isEmpty())) {
            if (System.currentTimeMillis() > end) {
                throw new IllegalStateException("the manager listed no domains");
            }
            Thread.sleep(100);
        }
    }

    /** Selects one domain's row in the manager, as a click on it would. */
    private void select(String domain) throws InterruptedException {
        boolean found = onFx(() -> {
            TreeTableView<?> table = table();
            for (TreeItem<?> item : domainItems()) {
                if (item.getValue() instanceof DomainRow row && row.name().equals(domain)) {
                    table.getSelectionModel().clearSelection();
                    select(table, item);
                    return true;
                }
            }
            return false;
        });
        if (!found) {
            fail("select " + domain, "no row for the domain in the manager");
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void select(TreeTableView<T> table, TreeItem<?> item) {
        table.getSelectionModel().select((TreeItem<T>) item);
    }

    private List<TreeItem<?>> domainItems() {
        TreeTableView<?> table = table();
        List<TreeItem<?>> items = new ArrayList<>();
        if (table != null && table.getRoot() != null) {
            table.getRoot().getChildren().forEach(connection -> items.addAll(connection.getChildren()));
        }
        return items;
    }

    private TreeTableView<?> table() {
        return nodes(manager.getScene().getRoot()).filter(TreeTableView.class::isInstance)
                .map(n -> (TreeTableView<?>) n).findFirst().orElse(null);
    }

    /** Shows a window or page that is already there (after firing {@code control}, if given). */
    private void page(Window window, String control, String what) throws InterruptedException {
        if (control != null && !fire(window, control, what)) {
            return;
        }
        Thread.sleep(PAINT_MS);
        announce(what, window);
    }

    /** Opens a dialog, shows it, and closes it again. */
    private void dialog(Window from, String control, String title) throws InterruptedException {
        Optional<Window> dialog = open(from, control, title);
        if (dialog.isPresent()) {
            close(dialog.get(), title);
        }
    }

    /** Fires a control and waits for the new window whose title contains {@code title}. */
    private Optional<Window> open(Window from, String control, String title) throws InterruptedException {
        Set<Window> before = onFx(() -> new HashSet<>(stages()));
        if (!fire(from, control, title)) {
            return Optional.empty();
        }
        long end = System.currentTimeMillis() + APPEAR_MS;
        Window fresh = null;
        while (System.currentTimeMillis() < end) {
            List<Window> now = onFx(() -> stages().stream().filter(w -> !before.contains(w)).toList());
            fresh = now.isEmpty() ? null : now.get(0);
            if (fresh != null && onFx(() -> titleOf(now.get(0))).contains(title)) {
                expected.add(fresh);
                Thread.sleep(PAINT_MS);
                announce(title, fresh);
                return Optional.of(fresh);
            }
            Thread.sleep(100);
        }
        if (fresh == null) {
            fail(title, "no window appeared after " + control);
        } else {
            Window other = fresh;
            fail(title, "instead a window '" + onFx(() -> describe(other)) + "' appeared");
            closeUnexpected();
        }
        return Optional.empty();
    }

    /** Closes a window as its close button would, then checks that nothing else popped up. */
    private void close(Window window, String what) throws InterruptedException {
        onFx(() -> {
            Event.fireEvent(window, new WindowEvent(window, WindowEvent.WINDOW_CLOSE_REQUEST));
            return null;
        });
        long end = System.currentTimeMillis() + 5_000;
        while (onFx(window::isShowing)) {
            if (System.currentTimeMillis() > end) {
                fail(what, "the window did not close on a close request");
                onFx(() -> {
                    window.hide();
                    return null;
                });
            }
            Thread.sleep(50);
        }
        expected.remove(window);
        closeUnexpected();
    }

    /** Any window the tour did not open (an error dialog, say) is a failure; it is closed. */
    private void closeUnexpected() throws InterruptedException {
        Thread.sleep(200);
        for (Window w : onFx(() -> stages().stream().filter(s -> !expected.contains(s)).toList())) {
            fail("unexpected window", onFx(() -> describe(w)));
            onFx(() -> {
                w.hide();
                return null;
            });
        }
    }

    /**
     * Fires the control named {@code key} in a window: a button or toggle with that id, a menu
     * item (menu bar or menu button) with that id or text, or with {@code context:} an item of
     * the window's context menus, which fill themselves in as they show.
     */
    private boolean fire(Window window, String key, String what) throws InterruptedException {
        String problem = onFx(() -> {
            Parent root = window.getScene().getRoot();
            if (key.startsWith("context:")) {
                return fireContextItem(root, key.substring("context:".length()));
            }
            Optional<ButtonBase> button = nodes(root).filter(n -> key.equals(n.getId()))
                    .filter(ButtonBase.class::isInstance).map(n -> (ButtonBase) n).findFirst();
            if (button.isPresent()) {
                if (button.get().isDisabled()) {
                    return "'" + key + "' is disabled";
                }
                Platform.runLater(button.get()::fire);
                return null;
            }
            return fireItem(menuItems(root), key);
        });
        if (problem != null) {
            fail(what, problem);
            return false;
        }
        return true;
    }

    private static String fireContextItem(Parent root, String key) {
        for (Control control : nodes(root).filter(Control.class::isInstance).map(n -> (Control) n).toList()) {
            ContextMenu menu = control.getContextMenu();
            if (menu != null) {
                menu.show(control, 0, 0);
                List<MenuItem> items = flatten(menu.getItems());
                menu.hide();
                if (items.stream().anyMatch(i -> key.equals(i.getId()))) {
                    return fireItem(items, key);
                }
            }
        }
        return "no context menu item '" + key + "'";
    }

    /** Fires the item later, since its action may open a dialog with showAndWait. */
    private static String fireItem(List<MenuItem> items, String key) {
        Optional<MenuItem> item = items.stream().filter(i -> key.equals(i.getId()) || key.equals(i.getText()))
                .findFirst();
        if (item.isEmpty()) {
            return "no control '" + key + "'";
        }
        if (item.get().isDisable()) {
            return "'" + key + "' is disabled";
        }
        Platform.runLater(item.get()::fire);
        return null;
    }

    private static List<MenuItem> menuItems(Parent root) {
        List<MenuItem> items = new ArrayList<>();
        nodes(root).forEach(n -> {
            if (n instanceof MenuBar bar) {
                bar.getMenus().forEach(m -> items.addAll(flatten(m.getItems())));
            } else if (n instanceof MenuButton button) {
                items.addAll(flatten(button.getItems()));
            }
        });
        return items;
    }

    private static List<MenuItem> flatten(List<MenuItem> items) {
        List<MenuItem> all = new ArrayList<>();
        for (MenuItem item : items) {
            all.add(item);
            if (item instanceof Menu menu) {
                all.addAll(flatten(menu.getItems()));
            }
        }
        return all;
    }

    private static Stream<Node> nodes(Node node) {
        if (node instanceof Parent parent) {
            return Stream.concat(Stream.of(node),
                    parent.getChildrenUnmodifiable().stream().flatMap(WindowTour::nodes));
        }
        return Stream.of(node);
    }

    private static List<Window> stages() {
        return Window.getWindows().stream().filter(w -> w instanceof Stage && w.isShowing()).toList();
    }

    private static String titleOf(Window window) {
        String title = ((Stage) window).getTitle();
        return title == null ? "" : title;
    }

    /** A window's title, and an alert's header and text, which say what went wrong. */
    private static String describe(Window window) {
        String text = titleOf(window);
        if (window.getScene() != null && window.getScene().getRoot() instanceof DialogPane pane) {
            text += ": " + pane.getHeaderText() + " " + pane.getContentText();
        }
        return text;
    }

    /** Tells the script what is on screen and waits until it has looked (or its input ends). */
    private void announce(String what, Window window) throws InterruptedException {
        shown++;
        out.println(PREFIX + "shown\t" + what + "\t" + onFx(() -> titleOf(window)));
        out.flush();
        try {
            in.readLine();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the script's answer", e);
        }
    }

    private void fail(String what, String why) {
        failed++;
        out.println(PREFIX + "failed\t" + what + "\t" + why);
        out.flush();
    }

    private static <T> T onFx(Callable<T> work) throws InterruptedException {
        FutureTask<T> future = new FutureTask<>(work);
        Platform.runLater(future);
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}
