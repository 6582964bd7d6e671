package org.virtfx.app.task;

import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.virtfx.app.ui.ErrorText;

/**
 * Tells the person when a task ends while its window is not in front: the window that had the
 * focus when the task started. A failure always deserves a notice; a success only when the task
 * took a while, so that quick reads and polls stay silent. Which window is in front and how a
 * notice shows are given from outside, so this class holds no window itself.
 *
 * @param <W> the windows' type
 */
public final class TaskNotices<W> {
    /** A success is worth a notice when the task ran at least this long. */
    public static final Duration LONG_TASK = Duration.ofSeconds(3);

    /** What to show: a title and a line of text, and whether it reports a failure. */
    public record Notice(String title, String text, boolean failed) {
    }

    private record Started<W>(Optional<W> window, long nanos) {
    }

    private final Supplier<Optional<W>> focused;
    private final LongSupplier nanoClock;
    private final Consumer<Notice> show;
    private final Map<RunningTask, Started<W>> started = new IdentityHashMap<>();

    /**
     * @param focused the window in front now, if one of the application's is
     * @param show shows a notice, on the UI thread
     */
    public TaskNotices(ObservableList<RunningTask> tasks, Supplier<Optional<W>> focused, LongSupplier nanoClock,
                       Consumer<Notice> show) {
        this.focused = focused;
        this.nanoClock = nanoClock;
        this.show = show;
        tasks.addListener((ListChangeListener<RunningTask>) change -> {
            while (change.next()) {
                change.getAddedSubList().forEach(t -> started.put(t, new Started<>(focused.get(), nanoClock.getAsLong())));
                change.getRemoved().forEach(this::ended);
            }
        });
    }

    private void ended(RunningTask task) {
        Started<W> start = started.remove(task);
        if (start == null || task.isCancelRequested()) {
            return;
        }
        Optional<W> now = focused.get();
        if (now.isPresent() && (start.window().isEmpty() || start.window().equals(now))) {
            return;
        }
        Optional<Exception> failure = task.failure();
        if (failure.isPresent()) {
            show.accept(new Notice(task.title() + " failed", ErrorText.message(failure.get()), true));
        } else if (nanoClock.getAsLong() - start.nanos() >= LONG_TASK.toNanos()) {
            show.accept(new Notice(task.title(), "Done", false));
        }
    }
}
