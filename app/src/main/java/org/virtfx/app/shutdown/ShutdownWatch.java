package org.virtfx.app.shutdown;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.virtfx.app.ui.ConfirmAnswer;
import org.virtfx.app.ui.Confirmation;
import org.virtfx.app.ui.DialogService;
import org.virtfx.core.domain.DomainFamily;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.task.BackgroundTask;
import org.virtfx.core.task.TaskExecutor;
import org.virtfx.core.task.TaskProgress;

/**
 * What follows Shut Down. The request only asks the guest (a machine's OS, a container's
 * init) to stop and returns at once; a guest may take its time or ignore it: a container's init
 * without a SIGTERM handler never sees the signal. So a task stays in the task list while the
 * guest has not stopped, and once {@code patience} has passed with the guest still running,
 * the person is offered Force Off.
 */
public final class ShutdownWatch {
    /** Long enough for a guest that does stop, short enough that a person is still there. */
    public static final Duration PATIENCE = Duration.ofSeconds(15);
    private static final Duration POLL = Duration.ofMillis(250);

    private final TaskExecutor tasks;
    private final DialogService dialogs;
    private final Duration patience;
    private final Duration poll;

    public ShutdownWatch(TaskExecutor tasks, DialogService dialogs) {
        this(tasks, dialogs, PATIENCE, POLL);
    }

    public ShutdownWatch(TaskExecutor tasks, DialogService dialogs, Duration patience, Duration poll) {
        this.tasks = tasks;
        this.dialogs = dialogs;
        this.patience = patience;
        this.poll = poll;
    }

    /** Waits, as a task, for the domain to stop after its shutdown was requested. */
    public void watch(DomainFamily domains, UUID uuid, String name) {
        tasks.execute(BackgroundTask.of("Waiting for " + name + " to shut down", progress -> stopped(domains, uuid, progress))
                .onSuccess(stopped -> {
                    if (!stopped) {
                        offerForceOff(domains, uuid, name);
                    }
                }));
    }

    /** True once the domain is off or gone, or the person cancelled the wait; false when patience ran out. */
    private boolean stopped(DomainFamily domains, UUID uuid, TaskProgress progress) throws InterruptedException {
        long start = System.nanoTime();
        while (true) {
            Optional<DomainSummary> domain = domains.byUuid(uuid);
            if (domain.isEmpty() || !domain.get().isActive() || progress.isCancelled()) {
                return true;
            }
            long waited = System.nanoTime() - start;
            if (waited >= patience.toNanos()) {
                return false;
            }
            progress.update((double) waited / patience.toNanos(), "The guest was asked to shut down");
            Thread.sleep(poll.toMillis());
        }
    }

    private void offerForceOff(DomainFamily domains, UUID uuid, String name) {
        ConfirmAnswer answer = dialogs.confirm(new Confirmation("Force Off",
                "'" + name + "' has not shut down. Force it off?",
                "It was asked to shut down " + patience.toSeconds() + " seconds ago and still runs: its OS (or a"
                        + " container's init) may ignore the request. Force Off stops it at once, without"
                        + " shutting down the OS, and may cause data loss.", false));
        if (answer.accepted()) {
            tasks.execute(BackgroundTask.ofAction("Forcing off " + name, () -> domains.destroy(uuid))
                    .onFailure(e -> dialogs.showError("Error: could not force off '" + name + "'", e)));
        }
    }
}
