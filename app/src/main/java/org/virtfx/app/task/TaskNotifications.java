package org.virtfx.app.task;

import java.util.Optional;
import java.util.function.Supplier;
import javafx.collections.ObservableList;
import javafx.stage.Window;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;

/** Shows {@link TaskNotices} as ControlsFX notifications in a corner of the screen. */
public final class TaskNotifications {
    private static final Duration SHOWN_FOR = Duration.seconds(8);

    private TaskNotifications() {
    }

    /**
     * Starts announcing the tasks that end while their window is not in front.
     *
     * @param owner the window notifications belong to (the manager), when it shows
     */
    public static TaskNotices<Window> install(ObservableList<RunningTask> tasks, Supplier<Window> owner) {
        return install(tasks, owner, TaskNotifications::focused);
    }

    /** @param focused the application's window in front, if any (tests give their own) */
    static TaskNotices<Window> install(ObservableList<RunningTask> tasks, Supplier<Window> owner,
                                       Supplier<Optional<Window>> focused) {
        return new TaskNotices<>(tasks, focused, System::nanoTime, notice -> {
            Optional<Window> shownBy = Optional.ofNullable(owner.get()).filter(Window::isShowing)
                    .or(() -> Window.getWindows().stream().filter(Window::isShowing).findFirst());
            if (shownBy.isEmpty()) {
                return;
            }
            Notifications note = Notifications.create().title(notice.title()).text(notice.text())
                    .owner(shownBy.get()).hideAfter(SHOWN_FOR);
            if (notice.failed()) {
                note.showError();
            } else {
                note.showInformation();
            }
        });
    }

    private static Optional<Window> focused() {
        return Window.getWindows().stream().filter(Window::isFocused).findFirst();
    }
}
