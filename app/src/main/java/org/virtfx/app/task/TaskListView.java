package org.virtfx.app.task;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;
import org.controlsfx.control.TaskProgressView;

/**
 * The tasks in ControlsFX's {@link TaskProgressView}: each with its title, message, progress
 * bar and Cancel button. The view shows {@code javafx.concurrent.Task}s, and enables Cancel only
 * while one runs; the executor runs {@link RunningTask}s. So each is shown through a task that
 * mirrors it: it runs, waiting, from when a worker takes the real task until that one ends, on
 * a thread of this view's own (as many as workers are busy, not one per queued task).
 */
public final class TaskListView {
    private final TaskProgressView<ShownTask> view = new TaskProgressView<>();
    private final Map<RunningTask, ShownTask> shown = new IdentityHashMap<>();
    private final ExecutorService mirrors = Executors.newCachedThreadPool(work -> {
        Thread thread = new Thread(work, "virtfx-task-view");
        thread.setDaemon(true);
        return thread;
    });

    public TaskListView(ObservableList<RunningTask> tasks) {
        view.getStyleClass().add("task-list");
        tasks.forEach(this::show);
        tasks.addListener((ListChangeListener<RunningTask>) change -> {
            while (change.next()) {
                change.getRemoved().forEach(this::forget);
                change.getAddedSubList().forEach(this::show);
            }
        });
    }

    public TaskProgressView<?> node() {
        return view;
    }

    private void show(RunningTask task) {
        ShownTask mirror = new ShownTask(task);
        shown.put(task, mirror);
        view.getTasks().add(mirror);
        if (task.startedProperty().get()) {
            mirrors.execute(mirror);
        } else {
            task.startedProperty().addListener((o, was, now) -> {
                if (now && shown.get(task) == mirror) {
                    mirrors.execute(mirror);
                }
            });
        }
    }

    private void forget(RunningTask task) {
        ShownTask mirror = shown.remove(task);
        if (mirror != null) {
            mirror.end();
            view.getTasks().remove(mirror);
        }
    }

    /** A running task as the view reads it; its Cancel asks the running task to stop. */
    static final class ShownTask extends Task<Void> {
        private final RunningTask task;
        private final CountDownLatch ended = new CountDownLatch(1);

        ShownTask(RunningTask task) {
            this.task = task;
            updateTitle(task.title());
            follow();
            task.progressProperty().addListener(o -> follow());
            task.messageProperty().addListener(o -> follow());
        }

        private void follow() {
            double fraction = task.progressProperty().get();
            updateProgress(fraction < 0 ? -1 : fraction, 1);
            updateMessage(task.messageProperty().get());
        }

        void end() {
            ended.countDown();
        }

        @Override
        protected Void call() throws InterruptedException {
            ended.await();
            return null;
        }

        @Override
        protected void cancelled() {
            task.cancel();
        }
    }
}
