package org.virtfx.app.delete;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.virtfx.app.ui.Confirmation;
import org.virtfx.app.ui.DialogService;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.Feature;
import org.virtfx.core.domain.DiskVolumes;
import org.virtfx.core.domain.DomainDisk;
import org.virtfx.core.domain.DomainFamily;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.task.BackgroundTask;
import org.virtfx.core.task.TaskExecutor;

/**
 * virt-manager's "Delete 'NAME'" dialog: with "Delete associated storage files" ticked, the
 * ticked disks that are volumes of a storage pool are deleted after the domain; files outside
 * pools are left where they are. A running VM is forced off first, and a managed save image
 * dropped, since libvirt refuses to undefine a domain that has one.
 */
public final class DeleteViewModel {
    private final Connection connection;
    private final UUID uuid;
    private final String name;
    private final TaskExecutor tasks;
    private final DialogService dialogs;
    private final Predicate<Confirmation> confirmStorage;
    private final BooleanProperty deleteStorage = new SimpleBooleanProperty(true);
    private final ObservableList<DeleteDisk> disks = FXCollections.observableArrayList();
    private final StringProperty runningNote = new SimpleStringProperty("");
    private final BooleanProperty ready = new SimpleBooleanProperty();

    /** What the driver said about the domain and the storage around it. */
    private record Survey(boolean active, List<DeleteDisk> disks) {
    }

    /**
     * @param confirmStorage asks before storage goes, unless the "Deleting storage" preference
     *                       says not to; false stops the deletion
     */
    public DeleteViewModel(Connection connection, UUID uuid, String name, TaskExecutor tasks, DialogService dialogs,
                           Predicate<Confirmation> confirmStorage) {
        this.connection = connection;
        this.uuid = uuid;
        this.name = name;
        this.tasks = tasks;
        this.dialogs = dialogs;
        this.confirmStorage = confirmStorage;
    }

    public String title() {
        return "Delete '" + name + "'";
    }

    public BooleanProperty deleteStorageProperty() {
        return deleteStorage;
    }

    public ObservableList<DeleteDisk> disks() {
        return disks;
    }

    /** Says the VM will be forced off first while it runs; empty otherwise. */
    public ReadOnlyStringProperty runningNoteProperty() {
        return runningNote;
    }

    public ReadOnlyBooleanProperty readyProperty() {
        return ready;
    }

    /** Reads the disks, which of them are pool volumes, and which other domains use them. */
    public void load() {
        tasks.execute(BackgroundTask.of("Reading the storage of " + name, progress -> {
            DomainFamily domains = connection.domains();
            DomainSummary summary = domains.byUuid(uuid).orElseThrow(() -> VirtException.of(ErrorCode.NO_DOMAIN,
                    "no domain with matching uuid '" + uuid + "' (" + name + ")"));
            DiskVolumes volumes = DiskVolumes.read(connection);
            Map<String, List<String>> users = new HashMap<>();
            for (DomainSummary other : domains.list()) {
                if (!other.uuid().equals(uuid)) {
                    for (DomainDisk disk : DomainDisk.of(domains.xml(other.uuid(), true))) {
                        disk.path().ifPresent(p -> users.computeIfAbsent(p, k -> new ArrayList<>()).add(other.name()));
                    }
                }
            }
            List<DeleteDisk> rows = DomainDisk.of(domains.xml(uuid, false)).stream()
                    .filter(d -> d.path().isPresent())
                    .map(d -> DeleteDisk.of(d, volumes.at(d.path().get()).orElse(null),
                            users.getOrDefault(d.path().get(), List.of())))
                    .toList();
            return new Survey(summary.isActive(), rows);
        }).onSuccess(found -> {
            disks.setAll(found.disks());
            runningNote.set(found.active() ? "'" + name + "' is running: it will be forced off before it is deleted."
                    : "");
            ready.set(true);
        }).onFailure(e -> dialogs.showError("Unable to read the storage of '" + name + "'", e)));
    }

    /**
     * Deletes the domain, then the chosen storage; returns false when the person declined the
     * storage question, so the dialog stays open.
     */
    public boolean delete() {
        List<DeleteDisk> chosen = deleteStorage.get()
                ? disks.stream().filter(d -> d.deletable() && d.selected().get()).toList() : List.of();
        if (!chosen.isEmpty() && !confirmStorage.test(new Confirmation("Delete",
                "Are you sure you want to delete the storage?", "All selected storage will be deleted.", true))) {
            return false;
        }
        tasks.execute(BackgroundTask.of("Deleting " + name, progress -> {
            removeDomain(connection.domains());
            List<String> failures = new ArrayList<>();
            for (DeleteDisk disk : chosen) {
                try {
                    connection.storage().deleteVolume(disk.volume().pool(), disk.volume().summary().name());
                } catch (RuntimeException e) {
                    failures.add(disk.disk().path().orElseThrow() + ": " + e.getMessage());
                }
            }
            return failures;
        }).onSuccess(failures -> {
            if (failures.isEmpty()) {
                dialogs.notify("Deleted '" + name + "'");
            } else {
                dialogs.showError("Errors encountered while removing certain storage devices.",
                        new IllegalStateException(String.join("\n", failures)));
            }
        }).onFailure(e -> dialogs.showError("Error deleting virtual machine '" + name + "'", e)));
        return true;
    }

    private void removeDomain(DomainFamily domains) {
        DomainSummary now = domains.byUuid(uuid).orElseThrow(() -> VirtException.of(ErrorCode.NO_DOMAIN,
                "no domain with matching uuid '" + uuid + "' (" + name + ")"));
        if (now.isActive()) {
            domains.destroy(uuid);
        }
        if (!now.persistent()) {
            return;
        }
        if (connection.supports(Feature.MANAGED_SAVE) && domains.hasManagedSave(uuid)) {
            domains.managedSaveRemove(uuid);
        }
        domains.undefine(uuid);
    }

}
