package org.virtfx.app.task;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.junit.jupiter.api.Test;
import org.virtfx.app.task.TaskNotices.Notice;

class TaskNoticesTest {
    private final ObservableList<RunningTask> tasks = FXCollections.observableArrayList();
    private final AtomicReference<Optional<String>> inFront = new AtomicReference<>(Optional.of("vm window"));
    private final AtomicLong clock = new AtomicLong();
    private final List<Notice> shown = new ArrayList<>();

    TaskNoticesTest() {
        new TaskNotices<>(tasks, inFront::get, clock::get, shown::add);
    }

    private RunningTask run(String title, long seconds, Optional<String> frontAtEnd, Exception failure) {
        RunningTask task = new RunningTask(title);
        tasks.add(task);
        clock.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
        inFront.set(frontAtEnd);
        if (failure != null) {
            task.fail(failure);
        }
        tasks.remove(task);
        return task;
    }

    @Test
    void aLongTaskThatEndsBehindAnotherWindowIsAnnounced() {
        run("Cloning vm1", 30, Optional.of("manager"), null);
        assertEquals(List.of(new Notice("Cloning vm1", "Done", false)), shown);
    }

    @Test
    void aFailureIsAnnouncedWhateverItTookWhenTheAppIsBehind() {
        run("Starting vm1", 0, Optional.empty(), new IllegalStateException("Domain is already active"));
        assertEquals(List.of(new Notice("Starting vm1 failed", "Domain is already active", true)), shown);
    }

    @Test
    void quickTasksAndTasksWhoseWindowIsInFrontStaySilent() {
        run("Reading the state of vm1", 0, Optional.empty(), null);
        run("Cloning vm1", 30, Optional.of("vm window"), null);
        run("Starting vm1", 1, Optional.of("vm window"), new IllegalStateException("no"));
        assertEquals(List.of(), shown);
    }

    @Test
    void aCancelledTaskIsNotAnnounced() {
        RunningTask task = new RunningTask("Copying disk");
        tasks.add(task);
        clock.addAndGet(TimeUnit.SECONDS.toNanos(10));
        inFront.set(Optional.empty());
        task.cancel();
        tasks.remove(task);
        assertEquals(List.of(), shown);
    }
}
