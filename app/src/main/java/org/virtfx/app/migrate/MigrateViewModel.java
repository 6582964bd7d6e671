package org.virtfx.app.migrate;

import java.util.List;
import java.util.UUID;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.virtfx.app.ui.DialogService;
import org.virtfx.app.ui.UiChangeQueue;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.Feature;
import org.virtfx.core.domain.MigrationOptions;
import org.virtfx.core.task.BackgroundTask;
import org.virtfx.core.task.TaskExecutor;
import org.virtfx.core.task.TaskProgress;

/**
 * virt-manager's "Migrate" dialog: the VM, its host, a choice among the manager's other open
 * connections, live or offline, and its advanced options (migration URI, tunnelled, temporary
 * move, a new name there, a bandwidth cap). The move runs as a task (listed with its progress in the
 * task list) while the dialog shows the same progress; a failure is shown on the dialog, which
 * stays open for another try, and success closes it. Cancel during the move aborts it.
 */
public final class MigrateViewModel {
    /** What the New host list says when there is nowhere to go. */
    public static final String NO_TARGETS = "No usable connections available.";

    private final String domainName;
    private final UUID uuid;
    private final Connection source;
    private final String sourceTitle;
    private final TaskExecutor tasks;
    private final UiChangeQueue ui;
    private final DialogService dialogs;
    private final boolean sourceMigrates;
    private final ObservableList<Host> hosts;
    private final ObjectProperty<Host> target = new SimpleObjectProperty<>();
    private final ObjectProperty<MigrationOptions.Mode> mode = new SimpleObjectProperty<>();
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final BooleanProperty done = new SimpleBooleanProperty();
    private final DoubleProperty progress = new SimpleDoubleProperty();
    private final StringProperty status = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    private final StringProperty migrationUri = new SimpleStringProperty("");
    private final BooleanProperty tunnelled = new SimpleBooleanProperty();
    private final BooleanProperty temporary = new SimpleBooleanProperty();
    private final StringProperty newName = new SimpleStringProperty("");
    private final StringProperty bandwidth = new SimpleStringProperty("");
    private final BooleanBinding temporaryPossible;
    private final BooleanBinding canMigrate;
    private TaskExecutor.TaskHandle running;

    /** A connection the VM could move to, as the New host list shows it. */
    public record Host(String title, String uri) {
        @Override
        public String toString() {
            return title;
        }
    }

    /**
     * @param running whether the VM runs now: it then moves live, otherwise offline, unless the
     *                person chooses the other
     */
    public MigrateViewModel(String domainName, UUID uuid, boolean running, Connection source, String sourceTitle,
                            List<Host> others, TaskExecutor tasks, UiChangeQueue ui, DialogService dialogs) {
        this.domainName = domainName;
        this.uuid = uuid;
        this.source = source;
        this.sourceTitle = sourceTitle;
        this.tasks = tasks;
        this.ui = ui;
        this.dialogs = dialogs;
        this.sourceMigrates = source.supports(Feature.MIGRATION);
        this.hosts = FXCollections.observableArrayList(sourceMigrates ? others : List.of());
        target.set(hosts.isEmpty() ? null : hosts.get(0));
        mode.set(running ? MigrationOptions.Mode.LIVE : MigrationOptions.Mode.OFFLINE);
        canMigrate = Bindings.createBooleanBinding(() -> target.get() != null && !busy.get(), target, busy);
        // An offline move carries only the definition, which the destination must keep.
        temporaryPossible = mode.isEqualTo(MigrationOptions.Mode.LIVE);
        temporaryPossible.addListener((o, was, now) -> {
            if (!now) {
                temporary.set(false);
            }
        });
    }

    public String title() {
        return "Migrate '" + domainName + "'";
    }

    public String domainName() {
        return domainName;
    }

    public String sourceTitle() {
        return sourceTitle;
    }

    public ObservableList<Host> hosts() {
        return hosts;
    }

    public ObjectProperty<Host> targetProperty() {
        return target;
    }

    /** Live (a running guest, copied while it runs) or offline (only the definition). */
    public ObjectProperty<MigrationOptions.Mode> modeProperty() {
        return mode;
    }

    /**
     * Where the guest's memory goes ({@code tcp://ADDRESS:PORT}, {@code unix:///PATH}), virt-manager's
     * Address and Port; blank lets the destination choose.
     */
    public StringProperty migrationUriProperty() {
        return migrationUri;
    }

    /**
     * The memory goes through the daemons' own connection (virt-manager's "Tunnelled" mode), so
     * the hosts need no port between them; it takes no migration URI.
     */
    public BooleanProperty tunnelledProperty() {
        return tunnelled;
    }

    /**
     * virt-manager's "Temporary move": the guest runs on the new host transiently and stays
     * defined here. Only for a live move; choosing offline clears it.
     */
    public BooleanProperty temporaryProperty() {
        return temporary;
    }

    public BooleanBinding temporaryPossibleProperty() {
        return temporaryPossible;
    }

    /** The guest's name on the new host; blank keeps its name. */
    public StringProperty newNameProperty() {
        return newName;
    }

    /** The most the copy may use, in MiB/s; blank for no limit. */
    public StringProperty bandwidthProperty() {
        return bandwidth;
    }

    /** The note under the New host list: why there is no choice, or nothing. */
    public String hostsNote() {
        if (!sourceMigrates) {
            return "The connection '" + sourceTitle + "' cannot migrate guests.";
        }
        return hosts.isEmpty() ? NO_TARGETS : "";
    }

    public BooleanBinding canMigrateProperty() {
        return canMigrate;
    }

    /** True while the move runs. */
    public BooleanProperty busyProperty() {
        return busy;
    }

    /** True once the guest has moved: the dialog closes. */
    public BooleanProperty doneProperty() {
        return done;
    }

    /** How far the copy is, 0 to 1, or negative while unknown. */
    public DoubleProperty progressProperty() {
        return progress;
    }

    /** What the move is doing now, in the driver's words. */
    public StringProperty statusProperty() {
        return status;
    }

    /** Why the last try failed, shown on the dialog; empty when it did not. */
    public StringProperty errorProperty() {
        return error;
    }

    /** Asks the driver to move the VM to the chosen host, as a task. */
    public void migrate() {
        Host to = target.get();
        if (!canMigrate.get()) {
            return;
        }
        MigrationOptions options;
        try {
            options = options(to);
        } catch (RuntimeException e) {
            error.set(e.getMessage());
            return;
        }
        error.set("");
        busy.set(true);
        progress.set(-1);
        status.set("Migrating to " + to.title() + "…");
        running = tasks.execute(BackgroundTask.<Void>of("Migrating " + domainName + " to " + to.title(), shown -> {
            source.domains().migrate(uuid, options, alsoShownHere(shown));
            return null;
        }).onSuccess(nothing -> {
            busy.set(false);
            done.set(true);
            dialogs.notify("Migrated '" + domainName + "' to " + to.title());
        }).onFailure(e -> {
            busy.set(false);
            status.set("");
            error.set("Unable to migrate guest '" + domainName + "' to " + to.title() + ": " + e.getMessage());
        }));
    }

    /** The options the fields say, for a move to {@code to}; a field that cannot be used fails naming it. */
    MigrationOptions options(Host to) {
        MigrationOptions options = mode.get() == MigrationOptions.Mode.LIVE ? MigrationOptions.live(to.uri())
                : MigrationOptions.offline(to.uri());
        if (temporary.get()) {
            options = options.temporary();
        }
        String dataUri = stripped(migrationUri);
        if (!dataUri.isEmpty()) {
            options = options.withMigrationUri(dataUri);
        }
        if (tunnelled.get()) {
            options = options.withTunnel();
        }
        String name = stripped(newName);
        if (!name.isEmpty()) {
            options = options.withDestinationName(name);
        }
        String cap = stripped(bandwidth);
        if (!cap.isEmpty()) {
            options = options.withBandwidth(mibPerSecond(cap));
        }
        return options;
    }

    private static String stripped(StringProperty field) {
        return field.get() == null ? "" : field.get().strip();
    }

    private static long mibPerSecond(String text) {
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            value = 0;
        }
        if (value <= 0) {
            throw new IllegalArgumentException("Bandwidth must be a whole number of MiB/s above 0, not '" + text + "'");
        }
        return value;
    }

    /** Cancel: aborts a move under way (the guest stays here); the dialog closes when nothing runs. */
    public boolean cancel() {
        if (busy.get() && running != null) {
            running.cancel();
            status.set("Cancelling…");
            return false;
        }
        return true;
    }

    /** The task's progress, reported to the task list and to this dialog alike. */
    private TaskProgress alsoShownHere(TaskProgress shown) {
        return new TaskProgress() {
            @Override
            public void update(double fraction, String message) {
                shown.update(fraction, message);
                ui.post(() -> {
                    progress.set(fraction);
                    status.set(message);
                });
            }

            @Override
            public boolean isCancelled() {
                return shown.isCancelled();
            }
        };
    }

    /** The hosts a VM on {@code from} can go to: every other connection, compared by URI. */
    public static List<Host> others(String from, List<Host> open) {
        return open.stream().filter(h -> !h.uri().equals(from)).toList();
    }
}
