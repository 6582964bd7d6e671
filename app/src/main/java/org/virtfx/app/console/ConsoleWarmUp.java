package org.virtfx.app.console;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.virtfx.core.task.BackgroundTask;
import org.virtfx.core.task.TaskExecutor;

/**
 * Gets the first VM window with a graphical console ready before anyone opens it: loads and
 * initializes, on a worker, the classes its first open needs (the window and its pages, the
 * JavaFX controls, skins and CSS converters they use, the VNC client and view). Measured with
 * {@code bench/run console}'s opening JVM: with no manager shown, a first open took 1.3-1.5 s,
 * mostly loading and setting up these 1,700 classes, and 0.34-0.40 s with them ready. The
 * manager has loaded all but about 270 of them by the time it is up, so in the app the gain is
 * smaller: 0.37-0.77 s against 0.50-0.82 s without it, on a loaded machine (load 17-23).
 *
 * <p>The list is {@value #CLASSES} beside this class, one name a line; {@code bench/run console}
 * prints how many classes a first open loaded that the list lacks, and writes the current list
 * (see its usage). It names only JavaFX's scene-graph and control classes, the JDK's and
 * VirtFX's app and core classes: nothing of glass, prism, fonts or the toolkit, whose set-up
 * belongs to their own threads, nothing of a driver, and none of VirtFX's lazy holders (their
 * set-up loads data, such as the osinfo database, which a manager that never opens a VM window
 * should not hold). JavaFX builds nodes off the FX thread
 * (as an FXML load in a background task does), so their classes may be set up off it too.
 */
public final class ConsoleWarmUp {
    static final String CLASSES = "console-classes.txt";

    private final List<String> names;
    private final ClassLoader loader;

    ConsoleWarmUp(List<String> names, ClassLoader loader) {
        this.names = List.copyOf(names);
        this.loader = loader;
    }

    /** The warm-up of the classes listed in {@value #CLASSES}. */
    public static ConsoleWarmUp ofListedClasses() {
        return new ConsoleWarmUp(listed(), ConsoleWarmUp.class.getClassLoader());
    }

    /** The class names of {@value #CLASSES}, without its comments and blank lines. */
    public static List<String> listed() {
        InputStream in = ConsoleWarmUp.class.getResourceAsStream(CLASSES);
        if (in == null) {
            throw new IllegalStateException("the console's class list " + CLASSES + " is missing from the build");
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return reader.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the console's class list " + CLASSES, e);
        }
    }

    /**
     * Loads and initializes each listed class; returns how many it found. A name this build no
     * longer has is passed over: the list only saves time (a test keeps it current).
     */
    public int run() {
        int found = 0;
        for (String name : names) {
            try {
                Class.forName(name, true, loader);
                found++;
            } catch (ClassNotFoundException | LinkageError e) {
                // Renamed or removed since the list was made: that class just loads at the open.
            }
        }
        return found;
    }

    /**
     * Runs the warm-up on {@code tasks} once no task is queued or running in {@code running}
     * (the manager's first connections have listed), so it never competes with the manager's own
     * start. Call it on the UI thread, which owns {@code running}.
     */
    public void startWhenIdle(ObservableList<?> running, TaskExecutor tasks) {
        Runnable start = () -> tasks.execute(BackgroundTask.of("Preparing the graphical console", progress -> run()));
        if (running.isEmpty()) {
            start.run();
            return;
        }
        running.addListener(new ListChangeListener<Object>() {
            @Override
            public void onChanged(Change<?> change) {
                if (running.isEmpty()) {
                    running.removeListener(this);
                    start.run();
                }
            }
        });
    }
}
