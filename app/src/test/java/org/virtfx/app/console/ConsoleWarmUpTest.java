package org.virtfx.app.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.junit.jupiter.api.Test;
import org.virtfx.core.task.BackgroundTask;
import org.virtfx.core.task.TaskExecutor;

class ConsoleWarmUpTest {
    private static final AtomicBoolean PROBE_SET_UP = new AtomicBoolean();

    /** A class whose set-up the warm-up must run. */
    static final class Probe {
        static {
            PROBE_SET_UP.set(true);
        }

        private Probe() {
        }
    }

    /** Records the titles of the tasks it runs, on the calling thread. */
    private final List<String> ran = new ArrayList<>();
    private final TaskExecutor tasks = new TaskExecutor() {
        @Override
        public <T> TaskHandle execute(BackgroundTask<T> task) {
            ran.add(task.title());
            return new TaskHandle() {
                @Override
                public void cancel() {
                }

                @Override
                public boolean isDone() {
                    return true;
                }
            };
        }
    };

    @Test
    void everyListedClassIsInTheBuild() {
        List<String> missing = new ArrayList<>();
        for (String name : ConsoleWarmUp.listed()) {
            try {
                Class.forName(name, false, ConsoleWarmUp.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                missing.add(name);
            }
        }
        assertEquals(List.of(), missing, "renamed or removed since the list was written: write it again with"
                + " CONSOLE_CLASSES=app/src/main/resources/org/virtfx/app/console/console-classes.txt bench/run console");
    }

    @Test
    void theListHoldsTheVmWindowAndItsVncConsole() {
        List<String> listed = ConsoleWarmUp.listed();
        for (String name : List.of("org.virtfx.app.details.DomainWindowView", "org.virtfx.app.console.GraphicsConsoleView",
                "org.virtfx.app.vnc.view.VncView", "org.virtfx.app.vnc.VncClient", "org.virtfx.app.vnc.ZrleDecoder",
                "javafx.scene.control.skin.MenuBarSkin")) {
            assertTrue(listed.contains(name), name + " is set up before the first open");
        }
    }

    @Test
    void theListSetsUpNothingOfTheToolkitsThreadsNorADriverNorOurLazyData() {
        List<String> wrong = ConsoleWarmUp.listed().stream()
                .filter(name -> name.matches("(com\\.sun\\.(glass|prism|marlin)|com\\.sun\\.javafx\\.(tk|font)"
                        + "|org\\.virtfx\\.drivers)\\..*") || name.matches("org\\.virtfx\\..*Holder"))
                .toList();
        assertEquals(List.of(), wrong);
    }

    @Test
    void aWarmUpSetsUpEachClassAndPassesOverNamesNoLongerThere() {
        ConsoleWarmUp warmUp = new ConsoleWarmUp(List.of(Probe.class.getName(), "org.virtfx.app.console.NoLongerThere"),
                ConsoleWarmUp.class.getClassLoader());
        assertEquals(1, warmUp.run());
        assertTrue(PROBE_SET_UP.get(), "the class's static set-up ran");
    }

    @Test
    void theWarmUpStartsAtOnceWhenNothingElseRuns() {
        new ConsoleWarmUp(List.of(), getClass().getClassLoader()).startWhenIdle(FXCollections.observableArrayList(), tasks);
        assertEquals(List.of("Preparing the graphical console"), ran);
    }

    @Test
    void theWarmUpWaitsForTheManagersFirstTasksAndStartsOnce() {
        ObservableList<String> running = FXCollections.observableArrayList("Connecting to qemu:///session", "Listing");
        new ConsoleWarmUp(List.of(), getClass().getClassLoader()).startWhenIdle(running, tasks);
        running.remove(0);
        assertEquals(List.of(), ran, "not while the manager still lists");
        running.remove(0);
        assertEquals(List.of("Preparing the graphical console"), ran);
        running.add("Polling statistics");
        running.clear();
        assertEquals(1, ran.size(), "once a process");
    }
}
