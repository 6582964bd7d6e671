package org.virtfx.app.snapshots;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.virtfx.app.ui.Confirmation;
import org.virtfx.app.ui.DialogService;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.Feature;
import org.virtfx.core.domain.DomainFamily;
import org.virtfx.core.domain.DomainSnapshot;
import org.virtfx.core.domain.DomainSnapshotXml;
import org.virtfx.core.domain.DomainState;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.domain.SnapshotState;
import org.virtfx.core.task.BackgroundTask;
import org.virtfx.core.task.TaskExecutor;

/**
 * The VM window's Snapshots page, as virt-manager has it: the domain's snapshots, the selected
 * one's details with an editable description, and create, run (revert), refresh and delete.
 * Driver calls run through the task executor; a driver without snapshots leaves the page
 * showing {@link #UNSUPPORTED} instead.
 */
public final class SnapshotsViewModel {
    public static final String UNSUPPORTED = "Snapshots are not supported by this connection's driver";
    /** virt-manager's note beside the current snapshot. */
    public static final String CURRENT_NOTE = "This was the most recently applied snapshot";
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final DomainFamily domains;
    private final boolean supported;
    private final UUID uuid;
    private final TaskExecutor tasks;
    private final DialogService dialogs;
    private final ZoneId zone;
    private final DomainSnapshotXml snapshotXml = new DomainSnapshotXml();
    private final ObservableList<DomainSnapshot> snapshots = FXCollections.observableArrayList();
    private final ObjectProperty<DomainSnapshot> selected = new SimpleObjectProperty<>();
    private final StringProperty description = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper unavailable = new ReadOnlyStringWrapper("");
    /** Driver calls under way: a refresh started by a finishing create counts as one more. */
    private final IntegerProperty running = new SimpleIntegerProperty();
    private final BooleanBinding busy = running.greaterThan(0);
    private final BooleanBinding descriptionChanged;
    private DomainState domainState = DomainState.NOSTATE;

    public SnapshotsViewModel(Connection connection, UUID uuid, TaskExecutor tasks, DialogService dialogs, ZoneId zone) {
        this.domains = connection.domains();
        this.supported = connection.supports(Feature.SNAPSHOTS);
        this.uuid = uuid;
        this.tasks = tasks;
        this.dialogs = dialogs;
        this.zone = zone;
        selected.addListener((obs, was, now) -> description.set(now == null ? "" : now.description()));
        descriptionChanged = Bindings.createBooleanBinding(() -> selected.get() != null
                && !selected.get().description().equals(description.get()), selected, description);
    }

    public ObservableList<DomainSnapshot> snapshots() {
        return snapshots;
    }

    public ObjectProperty<DomainSnapshot> selectedProperty() {
        return selected;
    }

    /** The selected snapshot's description as edited; Apply saves it. */
    public StringProperty descriptionProperty() {
        return description;
    }

    public BooleanBinding descriptionChangedProperty() {
        return descriptionChanged;
    }

    /** Empty while snapshots can be shown; otherwise why not. */
    public ReadOnlyStringProperty unavailableProperty() {
        return unavailable.getReadOnlyProperty();
    }

    /** True while a driver call runs, so that buttons wait for it. */
    public BooleanBinding busyProperty() {
        return busy;
    }

    /** When the snapshot was taken, in local time as virt-manager shows it. */
    public String timestamp(DomainSnapshot snapshot) {
        return TIMESTAMP.format(snapshot.creationTime().atZone(zone));
    }

    /** The VM's state when the snapshot was taken, in virt-manager's words. */
    public static String stateLabel(SnapshotState state) {
        return switch (state) {
            case RUNNING -> "Running";
            case PAUSED -> "Paused";
            case SHUTDOWN -> "Shutting Down";
            case SHUTOFF -> "Shutoff";
            case CRASHED -> "Crashed";
            case PMSUSPENDED -> "Suspended";
            case DISK_SNAPSHOT -> "Disk only";
            case NOSTATE, BLOCKED -> "Idle";
        };
    }

    /** Reads the snapshots again, keeping the selection where it can. */
    public void refresh() {
        if (!supported) {
            unavailable.set(UNSUPPORTED);
            return;
        }
        String keep = selected.get() == null ? null : selected.get().name();
        run(BackgroundTask.of("Reading snapshots", progress -> new Listing(
                domains.snapshots(uuid).stream().sorted(Comparator.comparing(DomainSnapshot::creationTime)
                        .thenComparing(DomainSnapshot::name)).toList(),
                domains.byUuid(uuid).map(DomainSummary::state).orElse(DomainState.NOSTATE)))
                .onSuccess(listing -> {
                    domainState = listing.state();
                    snapshots.setAll(listing.snapshots());
                    selected.set(listing.snapshots().stream().filter(s -> s.name().equals(keep)).findFirst()
                            .orElse(listing.snapshots().isEmpty() ? null : listing.snapshots().get(0)));
                }), "Error refreshing snapshot list");
    }

    /** The form for a new snapshot, its name proposed as virt-manager proposes it. */
    public CreateSnapshotViewModel newSnapshot() {
        Set<String> names = new HashSet<>();
        snapshots.forEach(s -> names.add(s.name()));
        return new CreateSnapshotViewModel(names, stateLabel(SnapshotState.of(domainState)));
    }

    public void create(CreateSnapshotViewModel form) {
        String xml = form.requestXml();
        run(BackgroundTask.of("Creating snapshot", progress -> domains.createSnapshot(uuid, xml))
                .onSuccess(taken -> {
                    selected.set(taken);
                    refresh();
                }), "Error creating snapshot");
    }

    /** Reverts to the selected snapshot after virt-manager's warning. */
    public void revert() {
        DomainSnapshot snapshot = selected.get();
        if (snapshot == null || !dialogs.confirm(new Confirmation("Run snapshot",
                "Are you sure you want to run snapshot '" + snapshot.name() + "'?",
                "All disk changes since the last snapshot was created will be discarded.", false)).accepted()) {
            return;
        }
        run(BackgroundTask.ofAction("Running snapshot " + snapshot.name(), () ->
                domains.revertToSnapshot(uuid, snapshot.name())).onSuccess(v -> refresh()),
                "Error running snapshot '" + snapshot.name() + "'");
    }

    public void delete() {
        DomainSnapshot snapshot = selected.get();
        if (snapshot == null || !dialogs.confirm(new Confirmation("Delete snapshot",
                "Are you sure you want to permanently delete the selected snapshots?",
                "Snapshot '" + snapshot.name() + "' will be deleted.", false)).accepted()) {
            return;
        }
        run(BackgroundTask.ofAction("Deleting snapshot " + snapshot.name(), () ->
                domains.deleteSnapshot(uuid, snapshot.name())).onSuccess(v -> {
                    selected.set(null);
                    refresh();
                }), "Error deleting snapshot '" + snapshot.name() + "'");
    }

    /** Saves the edited description by redefining the snapshot, as virt-manager does. */
    public void applyDescription() {
        DomainSnapshot snapshot = selected.get();
        if (snapshot == null) {
            return;
        }
        String text = description.get();
        run(BackgroundTask.of("Updating snapshot " + snapshot.name(), progress -> domains.redefineSnapshot(uuid,
                snapshotXml.withDescription(domains.snapshotXml(uuid, snapshot.name()), text)))
                .onSuccess(v -> refresh()), "Error updating snapshot '" + snapshot.name() + "'");
    }

    /** Runs a driver call, marking the page busy. */
    private <T> void run(BackgroundTask<T> task, String failure) {
        running.set(running.get() + 1);
        tasks.execute(task.onFailure(e -> dialogs.showError(failure, e)).onFinished(() -> running.set(running.get() - 1)));
    }

    private record Listing(List<DomainSnapshot> snapshots, DomainState state) {
    }
}
