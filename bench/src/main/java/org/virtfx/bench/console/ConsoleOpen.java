package org.virtfx.bench.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.virtfx.app.manager.ManagerView;
import org.virtfx.app.manager.ManagerViewModel;
import org.virtfx.app.preferences.Preferences;
import org.virtfx.app.settings.Settings;
import org.virtfx.app.settings.SettingsStore;
import org.virtfx.app.task.FxTaskExecutor;
import org.virtfx.app.ui.FxDialogService;
import org.virtfx.app.ui.GtkPulseTimer;
import org.virtfx.app.ui.UiChangeQueue;
import org.virtfx.app.vnc.view.VncView;
import org.virtfx.app.windows.Windows;
import org.virtfx.bench.manager.AppJava;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.DriverRegistry;
import org.virtfx.core.xml.SchemaValidator;

/**
 * Issue 13, item 3: "the console appears within 0.3 s of opening a running VM". In this JVM,
 * as the manager's Open does ({@link Windows#openDomain} on the Console page), it opens the VM
 * window of a running VM and times it from the call to the first layout pulse that finds the
 * console's first frame painted and the console shown (the pulse that puts it on screen), then
 * closes the window.
 * Before the first open it shows the manager on test:///default and waits for its first loads,
 * the app's state when a person opens a VM. The first open of a process loads the window's
 * classes the manager has not; the later ones are what each open after the first costs.
 * {@link #inFreshJvm} runs it in a JVM of its own, started as the launchers start the app, so
 * the first open is a process's first.
 */
final class ConsoleOpen {
    /** The child's report line: {@code opens first=MS later=MS,MS,...}. */
    private static final String REPORT = "opens ";
    private static final String CSS = "/org/virtfx/resources/css/virtfx.css";
    private static final long FRAME_TIMEOUT_SECONDS = 30;
    private static final long PERSON_OPENS_AFTER_MS = 1000;

    /** The first open and the later ones, in milliseconds. */
    record Opens(double firstMillis, List<Double> laterMillis) {
        double laterMedian() {
            return ConsoleOpenBench.median(laterMillis);
        }

        @Override
        public String toString() {
            StringBuilder later = new StringBuilder();
            laterMillis.forEach(ms -> later.append(String.format(Locale.ROOT, " %.0f", ms)));
            return String.format(Locale.ROOT, "first open %.0f ms; later opens (ms):%s; median %.0f ms",
                    firstMillis, later, laterMedian());
        }
    }

    private ConsoleOpen() {
    }

    /**
     * Arguments: URI, UUID of the running VM, number of later opens, the manager's settings file.
     * Prints the report line last.
     */
    public static void main(String[] args) throws Exception {
        Opens opens;
        try (Connection connection = DriverRegistry.discover().open(args[0])) {
            opens = measure(connection, UUID.fromString(args[1]), Integer.parseInt(args[2]), Path.of(args[3]));
        }
        StringBuilder later = new StringBuilder();
        opens.laterMillis().forEach(ms -> later.append(later.length() == 0 ? "" : ",").append(ms));
        System.out.println(REPORT + "first=" + opens.firstMillis() + " later=" + later);
        // JavaFX's non-daemon threads may linger after Platform.exit.
        System.exit(0);
    }

    /**
     * Runs {@link #main} in a JVM started as the launchers start the app ({@link AppJava}), with
     * {@code classPath}, and reads its report; its output goes to {@code work/open.log}.
     */
    static Opens inFreshJvm(String uri, UUID uuid, int later, Path work, String classPath)
            throws IOException, InterruptedException {
        return inFreshJvm(uri, uuid, later, work, AppJava.command(), classPath);
    }

    /** As {@link #inFreshJvm(String, UUID, int, Path, String)}, with the JVM started by {@code java} (an installed launcher's). */
    static Opens inFreshJvm(String uri, UUID uuid, int later, Path work, List<String> java, String classPath)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(java);
        command.addAll(List.of("-cp", classPath, ConsoleOpen.class.getName(),
                uri, uuid.toString(), Integer.toString(later), work.resolve("settings.json").toString()));
        Path log = work.resolve("open.log");
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!child.waitFor(FRAME_TIMEOUT_SECONDS * (later + 2), TimeUnit.SECONDS)) {
            child.destroyForcibly();
            throw new IllegalStateException("the console opens did not end: " + Files.readString(log));
        }
        String report = Files.readAllLines(log).stream().filter(line -> line.startsWith(REPORT)).reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalStateException("the console opens reported nothing (exit "
                        + child.exitValue() + "): " + readQuietly(log)));
        String[] fields = report.substring(REPORT.length()).split(" ");
        double first = Double.parseDouble(fields[0].substring("first=".length()));
        List<Double> times = new ArrayList<>();
        for (String ms : fields[1].substring("later=".length()).split(",")) {
            times.add(Double.parseDouble(ms));
        }
        return new Opens(first, times);
    }

    private static String readQuietly(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /**
     * Shows the manager (on test:///default, its settings in {@code settings}) and waits for its
     * first loads, then opens the VM window {@code 1 + later} times; starts the JavaFX toolkit,
     * and stops it after.
     */
    static Opens measure(Connection connection, UUID uuid, int later, Path settings) throws Exception {
        CompletableFuture<Void> started = new CompletableFuture<>();
        Platform.setImplicitExit(false);
        // As the application does at its start: JavaFX's GTK pulse timer with a pause that works.
        Platform.startup(() -> {
            GtkPulseTimer.install();
            started.complete(null);
        });
        started.get(FRAME_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        try {
            UiChangeQueue ui = new UiChangeQueue(Platform::runLater);
            FxTaskExecutor tasks = new FxTaskExecutor(FxTaskExecutor.workerPool(4), ui);
            FxDialogService dialogs = new FxDialogService(() -> null, message -> { });
            Windows windows = new Windows(tasks, dialogs, new Preferences(Settings.defaults(), change -> { }),
                    new SchemaValidator(), ConsoleOpen.class.getResource(CSS).toExternalForm(), ui::post, null);
            // The app's state when a person opens a VM: its manager shown, its connections listed.
            Stage manager = onFx(() -> showManager(tasks, ui, dialogs, settings));
            awaitIdle(tasks);
            // A person finds the VM in the list and opens it a moment later: the JVM's compiler
            // and collector finish what start-up gave them first.
            Thread.sleep(PERSON_OPENS_AFTER_MS);
            double first = openOnce(windows, connection, uuid);
            List<Double> times = new ArrayList<>();
            for (int i = 0; i < later; i++) {
                times.add(openOnce(windows, connection, uuid));
            }
            onFx(() -> {
                manager.close();
                return null;
            });
            return new Opens(first, times);
        } finally {
            Platform.exit();
        }
    }

    /** The manager window on test:///default, as the app shows it (its settings in {@code settings}). */
    private static Stage showManager(FxTaskExecutor tasks, UiChangeQueue ui, FxDialogService dialogs, Path settings) {
        SettingsStore store = new SettingsStore(settings);
        ManagerViewModel model = new ManagerViewModel(DriverRegistry.discover(), tasks, ui, dialogs, store,
                Settings.defaults(), row -> { });
        model.addConnection("test:///default", false);
        Stage stage = new Stage();
        new ManagerView(model, tasks.runningTasks()).showIn(stage);
        stage.getScene().getStylesheets().add(ConsoleOpen.class.getResource(CSS).toExternalForm());
        stage.show();
        return stage;
    }

    /** Waits until no task is queued or running (read on the FX thread, which owns the list). */
    private static void awaitIdle(FxTaskExecutor tasks) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(FRAME_TIMEOUT_SECONDS);
        do {
            Thread.sleep(50);
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("tasks still running after " + FRAME_TIMEOUT_SECONDS + " s");
            }
        } while (!onFx(() -> tasks.runningTasks().isEmpty()));
    }

    private static <T> T onFx(Callable<T> work) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(work.call());
            } catch (Exception | Error e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(FRAME_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("failed on the FX thread: " + e.getCause(), e.getCause());
        }
    }

    /** Whether the node and every parent up to the scene's root are visible. */
    private static boolean shownInScene(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return true;
    }

    private static double openOnce(Windows windows, Connection connection, UUID uuid) throws Exception {
        CompletableFuture<Long> shown = new CompletableFuture<>();
        long[] opened = new long[1];
        Stage[] stage = new Stage[1];
        Platform.runLater(() -> {
            try {
                opened[0] = System.nanoTime();
                stage[0] = windows.openDomain(connection, uuid, "QEMU", true);
                Scene scene = stage[0].getScene();
                VncView view = (VncView) scene.lookup("#vnc-view");
                // The first pulse that lays out a painted screen in a shown console: the frame
                // may be painted before the session is announced, while the view is still hidden.
                Runnable[] pulse = new Runnable[1];
                pulse[0] = () -> {
                    if (view.screenProperty().get() != null && shownInScene(view)) {
                        scene.removePostLayoutPulseListener(pulse[0]);
                        shown.complete(System.nanoTime());
                    }
                };
                scene.addPostLayoutPulseListener(pulse[0]);
            } catch (RuntimeException e) {
                shown.completeExceptionally(e);
            }
        });
        long frame;
        try {
            frame = shown.get(FRAME_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the VM window failed to open: " + e.getCause(), e.getCause());
        } finally {
            CompletableFuture<Void> closed = new CompletableFuture<>();
            Platform.runLater(() -> {
                if (stage[0] != null) {
                    stage[0].close();
                }
                closed.complete(null);
            });
            closed.get(FRAME_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        // The closed window's session ends on a worker; the next window opens a fresh one.
        Thread.sleep(1000);
        return (frame - opened[0]) / 1e6;
    }
}
