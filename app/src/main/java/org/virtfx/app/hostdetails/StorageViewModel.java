package org.virtfx.app.hostdetails;

import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.virtfx.app.ui.ConfirmAnswer;
import org.virtfx.app.ui.Confirmation;
import org.virtfx.app.ui.DialogService;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.Feature;
import org.virtfx.core.storage.PoolSummary;
import org.virtfx.core.storage.StorageXml;
import org.virtfx.core.storage.VolumeSummary;
import org.virtfx.core.task.BackgroundTask;
import org.virtfx.core.task.TaskExecutor;
import org.virtfx.core.xml.SchemaValidator;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlFormat;

/** The Storage tab: pools with usage, the selected pool's volumes, and creating and deleting them. */
public final class StorageViewModel {
    private static final long GIB = 1L << 30;

    private final Connection connection;
    private final TaskExecutor tasks;
    private final DialogService dialogs;
    private final SchemaValidator schema;
    private final ObservableList<PoolSummary> pools = FXCollections.observableArrayList();
    private final ObjectProperty<PoolSummary> selected = new SimpleObjectProperty<>();
    private final ObservableList<VolumeSummary> volumes = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper location = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper unsupported = new ReadOnlyStringWrapper("");

    private record PoolContents(String location, List<VolumeSummary> volumes) {
    }

    public StorageViewModel(Connection connection, TaskExecutor tasks, DialogService dialogs, SchemaValidator schema) {
        this.connection = connection;
        this.tasks = tasks;
        this.dialogs = dialogs;
        this.schema = schema;
        selected.addListener((obs, was, now) -> readContents(now));
    }

    public ObservableList<PoolSummary> pools() {
        return pools;
    }

    public ObjectProperty<PoolSummary> selectedProperty() {
        return selected;
    }

    public ObservableList<VolumeSummary> volumes() {
        return volumes;
    }

    /** Why there are no pools when the driver has no storage (the LXC driver); else empty. */
    public ReadOnlyStringProperty unsupportedProperty() {
        return unsupported.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty locationProperty() {
        return location.getReadOnlyProperty();
    }

    /** "12 % used" as the pool list shows it. */
    public static String usage(PoolSummary pool) {
        return pool.capacity() <= 0 ? "-" : Math.round(100.0 * pool.allocation() / pool.capacity()) + " %";
    }

    /** "Size: 88.50 GiB Free / 11.50 GiB In Use". */
    public static String size(PoolSummary pool) {
        return String.format("%.2f GiB Free / %.2f GiB In Use", pool.available() / (double) GIB,
                pool.allocation() / (double) GIB);
    }

    public void load() {
        if (!connection.supports(Feature.STORAGE_POOLS)) {
            unsupported.set("The " + connection.driverName() + " driver has no storage pools");
            return;
        }
        UUID keep = selected.get() == null ? null : selected.get().uuid();
        tasks.execute(BackgroundTask.of("Listing storage pools of " + connection.uri(), progress ->
                connection.storage().listPools().stream().sorted(Comparator.comparing(PoolSummary::name)).toList())
                .onSuccess(list -> {
                    pools.setAll(list);
                    PoolSummary again = list.stream().filter(p -> p.uuid().equals(keep)).findFirst()
                            .orElse(list.isEmpty() ? null : list.get(0));
                    if (again != null && again.equals(selected.get())) {
                        readContents(again);
                    }
                    selected.set(again);
                })
                .onFailure(e -> dialogs.showError("Could not list the storage pools", e)));
    }

    private void readContents(PoolSummary pool) {
        volumes.clear();
        location.set("");
        if (pool == null) {
            return;
        }
        tasks.execute(BackgroundTask.of("Reading pool " + pool.name(), progress -> new PoolContents(
                new StorageXml().parsePool(connection.storage().poolXml(pool.uuid(), false), pool.name()).targetPath(),
                pool.active() ? connection.storage().listVolumes(pool.uuid()) : List.of()))
                .onSuccess(contents -> {
                    if (pool.equals(selected.get())) {
                        location.set(contents.location());
                        volumes.setAll(contents.volumes().stream()
                                .sorted(Comparator.comparing(VolumeSummary::name)).toList());
                    }
                })
                .onFailure(e -> dialogs.showError("Could not read pool " + pool.name(), e)));
    }

    public void start() {
        act("Starting", p -> connection.storage().startPool(p.uuid()));
    }

    public void stop() {
        act("Stopping", p -> connection.storage().stopPool(p.uuid()));
    }

    public void setAutostart(boolean autostart) {
        act("Setting autostart of", p -> connection.storage().setPoolAutostart(p.uuid(), autostart));
    }

    /**
     * Deletes the selected pool after asking, as virt-manager does: an active pool is stopped
     * first, then undefined. Its volumes' files stay where they are.
     */
    public void deletePool() {
        PoolSummary p = selected.get();
        if (p == null) {
            return;
        }
        ConfirmAnswer answer = dialogs.confirm(new Confirmation("Delete pool",
                "Are you sure you want to permanently delete the pool " + p.name() + "?",
                p.active() ? "The pool is active: it will be stopped first." : "", false));
        if (answer.accepted()) {
            act("Deleting", pool -> {
                if (pool.active()) {
                    connection.storage().stopPool(pool.uuid());
                }
                connection.storage().undefinePool(pool.uuid());
            });
        }
    }

    /** Why a new directory pool cannot be made with these values, or null when it can. */
    public String checkDirPool(String name, String path) {
        if (!name.strip().matches("[A-Za-z0-9_.+-]+")) {
            return "The name may use letters, digits, '-', '_', '.' and '+'";
        }
        if (pools.stream().anyMatch(p -> p.name().equals(name.strip()))) {
            return "A pool named '" + name.strip() + "' already exists";
        }
        if (!path.strip().startsWith("/")) {
            return "The target path must be absolute, such as /var/lib/libvirt/images";
        }
        return null;
    }

    /** Defines a "dir" pool, starts it and marks it to start with the host. */
    public void createDirPool(String name, String path) {
        String xml = XmlFormat.format(new XmlElement("pool").setAttribute("type", "dir")
                .append(new XmlElement("name").setText(name.strip()))
                .append(new XmlElement("target").append(new XmlElement("path").setText(path.strip()))));
        tasks.execute(BackgroundTask.of("Creating pool " + name, progress -> {
            schema.validate(SchemaValidator.Kind.POOL, xml, "(pool)");
            PoolSummary pool = connection.storage().definePool(xml);
            connection.storage().startPool(pool.uuid());
            connection.storage().setPoolAutostart(pool.uuid(), true);
            return pool;
        }).onSuccess(pool -> load()).onFailure(e -> dialogs.showError("Error creating pool", e)));
    }

    /** Why the volume cannot be made, or null when it can. */
    public String checkVolume(String name, long capacityGiB) {
        if (selected.get() == null || !selected.get().active()) {
            return "Choose an active pool first";
        }
        if (!name.strip().matches("[A-Za-z0-9_.+-]+")) {
            return "The name may use letters, digits, '-', '_', '.' and '+'";
        }
        if (capacityGiB < 1) {
            return "The capacity must be at least 1 GiB";
        }
        return null;
    }

    /** Creates a volume; the format's suffix is added to the name, as virt-manager does. */
    public void createVolume(String name, String format, long capacityGiB) {
        PoolSummary pool = selected.get();
        String fileName = name.strip().endsWith("." + format) || format.equals("raw") ? name.strip()
                : name.strip() + "." + format;
        String xml = XmlFormat.format(new XmlElement("volume")
                .append(new XmlElement("name").setText(fileName))
                .append(new XmlElement("capacity").setAttribute("unit", "G").setText(Long.toString(capacityGiB)))
                .append(new XmlElement("target").append(new XmlElement("format").setAttribute("type", format))));
        tasks.execute(BackgroundTask.of("Creating volume " + fileName, progress -> {
            schema.validate(SchemaValidator.Kind.VOLUME, xml, "(volume)");
            return connection.storage().createVolume(pool.uuid(), xml);
        }).onSuccess(v -> load()).onFailure(e -> dialogs.showError("Error creating volume", e)));
    }

    public void deleteVolume(VolumeSummary volume) {
        PoolSummary pool = selected.get();
        if (pool == null || volume == null) {
            return;
        }
        ConfirmAnswer answer = dialogs.confirm(new Confirmation("Delete volume",
                "Are you sure you want to permanently delete the volume " + volume.name() + "?",
                "Its data is lost.", false));
        if (answer.accepted()) {
            tasks.execute(BackgroundTask.ofAction("Deleting volume " + volume.name(),
                    () -> connection.storage().deleteVolume(pool.uuid(), volume.name()))
                    .onSuccess(v -> load())
                    .onFailure(e -> dialogs.showError("Error deleting volume " + volume.name(), e)));
        }
    }

    private interface PoolAction {
        void apply(PoolSummary pool) throws Exception;
    }

    private void act(String what, PoolAction action) {
        PoolSummary p = selected.get();
        if (p == null) {
            return;
        }
        tasks.execute(BackgroundTask.ofAction(what + " pool " + p.name(), () -> action.apply(p))
                .onSuccess(v -> load())
                .onFailure(e -> dialogs.showError(what + " pool " + p.name() + " failed", e)));
    }
}
