package org.virtfx.app.migrate;

import java.util.List;
import java.util.UUID;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.virtfx.app.ui.DialogService;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.domain.MigrationOptions;
import org.virtfx.core.task.TaskProgress;
import org.virtfx.core.task.BackgroundTask;
import org.virtfx.core.task.TaskExecutor;

/**
 * virt-manager's "Migrate" dialog: the VM, its host, and a choice among the manager's other
 * open connections. Migration is the driver's to do; a driver that cannot migrate (neither of
 * ours can, nor can libvirt's test driver) fails with libvirt's "not supported" error.
 */
public final class MigrateViewModel {
    /** What the New host list says when there is nowhere to go. */
    public static final String NO_TARGETS = "No usable connections available.";

    private final String domainName;
    private final UUID uuid;
    private final Connection source;
    private final String sourceTitle;
    private final TaskExecutor tasks;
    private final DialogService dialogs;
    private final ObservableList<Host> hosts;
    private final ObjectProperty<Host> target = new SimpleObjectProperty<>();
    private final BooleanBinding canMigrate = target.isNotNull();

    /** A connection the VM could move to, as the New host list shows it. */
    public record Host(String title, String uri) {
        @Override
        public String toString() {
            return title;
        }
    }

    public MigrateViewModel(String domainName, UUID uuid, Connection source, String sourceTitle, List<Host> others,
                            TaskExecutor tasks, DialogService dialogs) {
        this.domainName = domainName;
        this.uuid = uuid;
        this.source = source;
        this.sourceTitle = sourceTitle;
        this.tasks = tasks;
        this.dialogs = dialogs;
        this.hosts = FXCollections.observableArrayList(others);
        target.set(others.isEmpty() ? null : others.get(0));
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

    /** The note under the New host list: why there is no choice, or nothing. */
    public String hostsNote() {
        return hosts.isEmpty() ? NO_TARGETS : "";
    }

    public BooleanBinding canMigrateProperty() {
        return canMigrate;
    }

    /** Asks the driver to move the VM to the chosen host. */
    public void migrate() {
        Host to = target.get();
        if (to == null) {
            return;
        }
        tasks.execute(BackgroundTask.ofAction("Migrating " + domainName + " to " + to.title(),
                        () -> source.domains().migrate(uuid, MigrationOptions.live(to.uri()), TaskProgress.NONE))
                .onSuccess(nothing -> dialogs.notify("Migrated '" + domainName + "' to " + to.title()))
                .onFailure(e -> dialogs.showError("Unable to migrate guest '" + domainName + "' to " + to.title(), e)));
    }

    /** The hosts a VM on {@code from} can go to: every other connection, compared by URI. */
    public static List<Host> others(String from, List<Host> open) {
        return open.stream().filter(h -> !h.uri().equals(from)).toList();
    }
}
