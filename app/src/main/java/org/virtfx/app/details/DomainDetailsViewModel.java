package org.virtfx.app.details;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.virtfx.app.ui.DialogService;
import org.virtfx.app.ui.Fact;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.domain.DomainStats;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.task.BackgroundTask;
import org.virtfx.core.task.TaskExecutor;

/**
 * The domain window's first page: overview facts and the live XML, read-only. Editing, the
 * hardware list and consoles arrive with the full domain window.
 */
public final class DomainDetailsViewModel {
    private final Connection connection;
    private final UUID uuid;
    private final TaskExecutor tasks;
    private final DialogService dialogs;
    private final ObservableList<Fact> facts = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper xml = new ReadOnlyStringWrapper("Loading…");
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper();

    private record Loaded(DomainSummary summary, DomainStats stats, String xml) {
    }

    public DomainDetailsViewModel(Connection connection, UUID uuid, String connectionTitle,
                                  String name, TaskExecutor tasks, DialogService dialogs) {
        this.connection = connection;
        this.uuid = uuid;
        this.tasks = tasks;
        this.dialogs = dialogs;
        title.set(name + " on " + connectionTitle);
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    public ObservableList<Fact> facts() {
        return facts;
    }

    public ReadOnlyStringProperty xmlProperty() {
        return xml.getReadOnlyProperty();
    }

    /** Reads the domain again. */
    public void load() {
        tasks.execute(BackgroundTask.of("Reading domain " + uuid, progress -> {
            DomainSummary summary = connection.domains().byUuid(uuid).orElseThrow(() ->
                    new VirtException(org.virtfx.core.error.ErrorCode.NO_DOMAIN, "the domain no longer exists"));
            DomainStats stats = connection.domains().stats(uuid);
            return new Loaded(summary, stats, connection.domains().xml(uuid, false));
        }).onSuccess(loaded -> {
            DomainSummary s = loaded.summary();
            List<Fact> list = new ArrayList<>();
            list.add(new Fact("Name:", s.name()));
            list.add(new Fact("UUID:", s.uuid().toString()));
            list.add(new Fact("Status:", org.virtfx.app.manager.DomainRow.stateWords(s.state())
                    + " (" + capitalized(s.reason().label()) + ")"));
            list.add(new Fact("ID:", s.id() < 0 ? "-" : Integer.toString(s.id())));
            list.add(new Fact("Hypervisor:", connection.driverName()));
            list.add(new Fact("vCPUs:", Integer.toString(loaded.stats().vcpus())));
            list.add(new Fact("Memory:", loaded.stats().memoryKiB() / 1024 + " MiB of "
                    + loaded.stats().maxMemoryKiB() / 1024 + " MiB"));
            list.add(new Fact("Persistent:", s.persistent() ? "yes" : "no (transient)"));
            list.add(new Fact("Autostart:", s.autostart() ? "on host boot" : "no"));
            facts.setAll(list);
            xml.set(loaded.xml());
        }).onFailure(e -> {
            xml.set("");
            dialogs.showError("Could not read the domain's details", e);
        }));
    }

    private static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
