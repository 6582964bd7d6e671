package org.virtfx.app.clone;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.random.RandomGenerator;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.virtfx.app.ui.DialogService;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.Feature;
import org.virtfx.core.domain.DiskVolumes;
import org.virtfx.core.domain.DomainCloneXml;
import org.virtfx.core.domain.DomainDisk;
import org.virtfx.core.domain.DomainSummary;
import org.virtfx.core.task.BackgroundTask;
import org.virtfx.core.task.TaskExecutor;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlFormat;
import org.virtfx.core.xml.XmlParser;

/**
 * virt-manager's "Clone Virtual Machine" dialog: the original, a new name, and for each disk
 * whether the clone gets a copy or shares it. Cloning defines a new domain (new UUID and MAC
 * addresses) after creating a volume for every cloned disk that lives in a storage pool; on the
 * test driver, whose disks are made-up paths, a cloned disk outside pools only gets a new path.
 * A container's clone copies its definition only and shares its filesystems.
 */
public final class CloneViewModel {
    private final Connection connection;
    private final UUID uuid;
    private final TaskExecutor tasks;
    private final DialogService dialogs;
    private final DomainCloneXml cloner;
    private final StringProperty originalName = new SimpleStringProperty("");
    private final StringProperty name = new SimpleStringProperty("");
    private final ObservableList<CloneDisk> disks = FXCollections.observableArrayList();
    private final BooleanProperty container = new SimpleBooleanProperty();
    private final BooleanProperty ready = new SimpleBooleanProperty();
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private Survey survey;

    /** What the dialog learns from the driver before it can offer anything. */
    private record Survey(String name, boolean container, String xml, Set<String> names, Set<String> macs,
                          Set<String> paths, List<CloneDisk> disks) {
    }

    public CloneViewModel(Connection connection, UUID uuid, TaskExecutor tasks, DialogService dialogs,
                          RandomGenerator random) {
        this.connection = connection;
        this.uuid = uuid;
        this.tasks = tasks;
        this.dialogs = dialogs;
        this.cloner = new DomainCloneXml(random);
    }

    public ReadOnlyStringProperty originalNameProperty() {
        return originalName;
    }

    public StringProperty nameProperty() {
        return name;
    }

    public ObservableList<CloneDisk> disks() {
        return disks;
    }

    /** True for a container: only its definition is cloned. */
    public ReadOnlyBooleanProperty containerProperty() {
        return container;
    }

    /** True once the original has been read and Clone can run. */
    public ReadOnlyBooleanProperty readyProperty() {
        return ready;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy;
    }

    /** Reads the original, the names and MACs in use, and the pools' volumes. */
    public void load() {
        boolean copiesHostFiles = connection.supports(Feature.STORAGE_CLONE);
        tasks.execute(BackgroundTask.of("Reading the VM to clone", progress -> {
            var domains = connection.domains();
            String xml = domains.xml(uuid, true);
            XmlElement root = new XmlParser().parse(xml, "(domain)");
            boolean lxc = root.attribute("type").orElse("").equals("lxc");
            DiskVolumes volumes = DiskVolumes.read(connection);
            Set<String> names = new HashSet<>();
            Set<String> macs = new HashSet<>();
            Set<String> paths = new HashSet<>(volumes.paths());
            for (DomainSummary other : domains.list()) {
                names.add(other.name());
                String otherXml = domains.xml(other.uuid(), true);
                macs.addAll(DomainCloneXml.macs(otherXml));
                DomainDisk.of(otherXml).forEach(d -> d.path().ifPresent(paths::add));
            }
            List<CloneDisk> rows = DomainDisk.of(xml).stream().map(d -> CloneDisk.of(d,
                    d.path().flatMap(volumes::at).orElse(null), copiesHostFiles, lxc)).toList();
            return new Survey(root.childText("name").orElse(""), lxc, xml, names, macs, paths, rows);
        }).onSuccess(found -> {
            survey = found;
            originalName.set(found.name());
            name.set(CloneNames.cloneName(found.name(), found.names()));
            container.set(found.container());
            disks.setAll(found.disks());
            ready.set(true);
        }).onFailure(e -> dialogs.showError("Unable to read the virtual machine to clone", e)));
    }

    /** What keeps Clone from running, for the line above the buttons; empty when it can. */
    public Optional<String> problem() {
        String wanted = name.get() == null ? "" : name.get().strip();
        if (wanted.isEmpty()) {
            return Optional.of("A name is required for the new virtual machine");
        }
        if (wanted.contains("/")) {
            return Optional.of("A name cannot contain '/'");
        }
        if (survey != null && survey.names().contains(wanted)) {
            return Optional.of("Name '" + wanted + "' already in use by another virtual machine");
        }
        return Optional.empty();
    }

    /** Creates the cloned disks' volumes and defines the clone; its row appears with the define event. */
    public void cloneDomain() {
        if (!ready.get() || problem().isPresent()) {
            return;
        }
        String newName = name.get().strip();
        String original = originalName.get();
        List<CloneDisk> chosen = disks.stream().filter(d -> d.cloned().get()).toList();
        Survey found = survey;
        busy.set(true);
        tasks.execute(BackgroundTask.of("Cloning " + original + " as " + newName, progress -> {
            Map<String, String> newPaths = new HashMap<>();
            List<DiskVolumes.Volume> created = new ArrayList<>();
            Set<String> taken = new HashSet<>(found.paths());
            try {
                for (CloneDisk disk : chosen) {
                    String path = disk.disk().path().orElseThrow();
                    String target = CloneNames.clonePath(path, original, newName, taken);
                    taken.add(target);
                    if (disk.volume() != null) {
                        var volume = disk.volume();
                        var made = connection.storage().createVolume(volume.pool(),
                                volumeXml(target.substring(target.lastIndexOf('/') + 1), volume));
                        created.add(new DiskVolumes.Volume(volume.pool(), volume.poolName(), made));
                        target = made.path();
                    }
                    newPaths.put(disk.disk().target(), target);
                }
                return connection.domains().define(cloner.clone(found.xml(), newName, newPaths, found.macs()));
            } catch (RuntimeException e) {
                // Leave no orphaned copies behind when a later step fails.
                for (DiskVolumes.Volume volume : created) {
                    connection.storage().deleteVolume(volume.pool(), volume.summary().name());
                }
                throw e;
            }
        }).onSuccess(clone -> dialogs.notify("Cloned '" + original + "' as '" + clone.name() + "'")).onFailure(e -> dialogs.showError("Error creating virtual machine clone '" + newName + "'", e))
                .onFinished(() -> busy.set(false)));
    }

    /** A volume the size and format of the original, as virt-clone asks the pool for. */
    private static String volumeXml(String volumeName, DiskVolumes.Volume original) {
        XmlElement volume = new XmlElement("volume");
        volume.append(new XmlElement("name").setText(volumeName));
        volume.append(new XmlElement("capacity").setAttribute("unit", "bytes")
                .setText(Long.toString(original.summary().capacity())));
        volume.append(new XmlElement("target").append(new XmlElement("format")
                .setAttribute("type", original.summary().format())));
        return XmlFormat.format(volume);
    }
}
