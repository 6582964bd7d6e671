package org.virtfx.drivers.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.virtfx.core.config.AtomicFiles;
import org.virtfx.core.config.DefinitionStore;
import org.virtfx.core.config.LoadWarnings;
import org.virtfx.core.domain.AbiStability;
import org.virtfx.core.domain.DomainDefinition;
import org.virtfx.core.domain.DomainSnapshot;
import org.virtfx.core.domain.DomainSnapshotXml;
import org.virtfx.core.domain.DomainState;
import org.virtfx.core.domain.DomainXml;
import org.virtfx.core.domain.SnapshotDefinition;
import org.virtfx.core.domain.SnapshotState;
import org.virtfx.core.domain.StateReason;
import org.virtfx.core.driver.DomainJobs;
import org.virtfx.core.driver.DomainObject;
import org.virtfx.core.driver.DomainObjectList;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.event.DomainEvent;
import org.virtfx.core.event.DomainEvent.Type;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlFormat;
import org.virtfx.core.xml.XmlParser;
import org.virtfx.drivers.qemu.qmp.QmpClient;
import org.virtfx.plumbing.storage.QemuImg;

/**
 * Internal snapshots of qcow2 disks, as libvirt's QEMU driver takes them: of a running VM with
 * QMP's {@code snapshot-save} job (disks and memory, in the images), of a shut-off one with
 * {@code qemu-img snapshot}. Reverting loads the state into the running QEMU
 * ({@code snapshot-load}, the running QEMU keeping its devices), or starts QEMU with
 * {@code -loadvm}, or applies the disks' snapshot to a shut-off VM. The metadata is kept as libvirt keeps it, one {@code <domainsnapshot>} file
 * per snapshot under {@code snapshot/DOMAIN/} beside the save directory, with {@code <active>}
 * marking the current one.
 */
final class VmSnapshots {
    private static final Duration QMP_TIMEOUT = Duration.ofSeconds(30);
    private static final String FROM_SNAPSHOT = StateReason.FROM_SNAPSHOT.label();
    /** Names this driver's QEMU jobs, so a process finds those a killed one left running. */
    private static final String JOB_PREFIX = "virtfx-";

    private final QemuDriverConfig config;
    private final DomainObjectList<QemuRuntime> domains;
    private final DomainJobs jobs;
    private final DefinitionStore store;
    private final VmStart starter;
    private final VmStop stopper;
    private final VolumeDisks volumes;
    private final QemuImg qemuImg = new QemuImg("qemu-img");
    private final DomainSnapshotXml snapshotXml = new DomainSnapshotXml();
    private final XmlParser parser = new XmlParser();
    private final AbiStability abi = new AbiStability();

    VmSnapshots(QemuDriverConfig config, DomainObjectList<QemuRuntime> domains, DomainJobs jobs, DefinitionStore store,
                VmStart starter, VmStop stopper, VolumeDisks volumes) {
        this.config = config;
        this.volumes = volumes;
        this.domains = domains;
        this.jobs = jobs;
        this.store = store;
        this.starter = starter;
        this.stopper = stopper;
    }

    /** One disk taking part in internal snapshots: its target and image. */
    private record Image(String target, Path file) {
    }

    private Path directory(String domainName) {
        return config.saveDirectory().resolveSibling("snapshot").resolve(domainName);
    }

    /** Reads a domain's snapshot files, as libvirt loads its snapshot directory; a bad file is skipped and named. */
    void load(DomainObject<QemuRuntime> domain, LoadWarnings warnings) {
        Path dir = directory(domain.name());
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".xml")).sorted().toList()) {
                try {
                    XmlElement root = parser.parse(Files.readString(file), file.toString());
                    DomainSnapshotXml.Redefinition read = snapshotXml.readRedefinition(root, file.toString(), true);
                    domain.snapshots().add(read.definition(), read.current());
                } catch (VirtException | IOException e) {
                    warnings.skipped(file, e.getMessage());
                }
            }
        } catch (IOException e) {
            warnings.skipped(dir, e.getMessage());
        }
    }

    List<DomainSnapshot> list(UUID uuid) {
        return domains.require(uuid).snapshots().list();
    }

    String xml(UUID uuid, String name) {
        return snapshotXml.format(domains.require(uuid).snapshots().require(name), uuid);
    }

    DomainSnapshot create(UUID uuid, String xml) {
        DomainSnapshotXml.Request request = snapshotXml.parseRequest(xml);
        DomainObject<QemuRuntime> domain = domains.require(uuid);
        return jobs.call(domain, "snapshot-create", () -> {
            long now = Instant.now().getEpochSecond();
            String name = request.nameAt(now);
            DefinitionStore.requireSafeName(name);
            // The file on disk, not only this process's list: another process may have just made it.
            if (domain.snapshots().list().stream().anyMatch(s -> s.name().equals(name))
                    || Files.exists(directory(domain.name()).resolve(name + ".xml"))) {
                throw VirtException.of(ErrorCode.OPERATION_FAILED, "domain moment " + name + " already exists");
            }
            DomainDefinition inForce = domain.current();
            List<Image> images = images(inForce);
            QemuRuntime runtime = domain.runtime();
            SnapshotState state = SnapshotState.of(domain.state());
            if (runtime != null) {
                runtime.process().session(qmp -> {
                    removeStrayTags(qmp, name, images);
                    runJob(qmp, "snapshot-save", name, images, true);
                    return null;
                });
            } else {
                List<Image> taken = new ArrayList<>();
                try {
                    removeStrayTags(name, images);
                    for (Image image : images) {
                        qemuImg.snapshot(image.file(), "-c", name);
                        taken.add(image);
                    }
                } catch (RuntimeException e) {
                    for (Image image : taken) {
                        try {
                            qemuImg.snapshot(image.file(), "-d", name);
                        } catch (RuntimeException undo) {
                            e.addSuppressed(undo);
                        }
                    }
                    throw e;
                }
            }
            List<SnapshotDefinition.Disk> disks = snapshotXml.internalDisks(inForce.xml()).stream()
                    .map(d -> images.stream().anyMatch(i -> i.target().equals(d.name())) ? d
                            : new SnapshotDefinition.Disk(d.name(), "no")).toList();
            SnapshotDefinition snapshot = new SnapshotDefinition(name, request.description(), now, state,
                    domain.snapshots().currentName(), runtime != null ? "internal" : "no", disks,
                    Optional.of(withoutLiveParts(inForce)));
            domain.snapshots().add(snapshot, true);
            persist(domain);
            return snapshot.summary(true);
        });
    }

    /**
     * Records a snapshot from its full XML, or replaces one's metadata, as libvirt's redefine
     * does (its checks: the domain's UUID, no online/offline change, no cycle), and makes it
     * current when asked. libvirt takes the metadata on trust; here each disk the snapshot
     * holds internally must have it in its qcow2 image, or reverting to it later could only
     * fail, so a redefinition that names a snapshot the images lack is refused.
     */
    DomainSnapshot redefine(UUID uuid, String xml, boolean makeCurrent) {
        SnapshotDefinition given = snapshotXml.parseRedefinition(xml, false).definition();
        DefinitionStore.requireSafeName(given.name());
        DomainObject<QemuRuntime> domain = domains.require(uuid);
        Optional<DomainDefinition> config = given.domainXml().map(d -> new DomainXml().parse(d, given.name()));
        if (config.isPresent() && !config.get().uuid().equals(uuid)) {
            throw VirtException.of(ErrorCode.INVALID_ARG, "definition for snapshot " + given.name()
                    + " must use uuid " + uuid);
        }
        return jobs.call(domain, "snapshot-redefine", () -> {
            // Without <disks>, libvirt lines the snapshot up with the domain: every disk internal.
            SnapshotDefinition snapshot = !given.disks().isEmpty() ? given
                    : withDisks(given, snapshotXml.internalDisks(config.orElse(domain.current()).xml()));
            requireInImages(domain, snapshot);
            SnapshotDefinition kept = domain.snapshots().redefine(snapshot);
            if (makeCurrent) {
                domain.snapshots().setCurrent(kept.name());
            }
            persist(domain);
            return kept.summary(domain.snapshots().currentName().filter(kept.name()::equals).isPresent());
        });
    }

    private static SnapshotDefinition withDisks(SnapshotDefinition s, List<SnapshotDefinition.Disk> disks) {
        return new SnapshotDefinition(s.name(), s.description(), s.creationTime(), s.state(), s.parent(), s.memory(),
                disks, s.domainXml());
    }

    /** Each image that should hold the snapshot has its tag: asked of the running QEMU, or of qemu-img. */
    private void requireInImages(DomainObject<QemuRuntime> domain, SnapshotDefinition snapshot) {
        List<Image> images = snapshotImages(domain, snapshot);
        QemuRuntime runtime = domain.runtime();
        Map<String, Set<String>> tagsByFile = new HashMap<>();
        if (runtime != null) {
            for (JsonNode backend : runtime.process().execute("query-block", QMP_TIMEOUT)) {
                JsonNode inserted = backend.path("inserted");
                Set<String> tags = new HashSet<>();
                inserted.path("image").path("snapshots").forEach(s -> tags.add(s.path("name").asText()));
                tagsByFile.put(inserted.path("file").asText(), tags);
            }
        }
        for (Image image : images) {
            Set<String> tags = runtime != null ? tagsByFile.getOrDefault(image.file().toString(), Set.of())
                    : new HashSet<>(qemuImg.snapshotTags(image.file()));
            if (!tags.contains(snapshot.name())) {
                throw VirtException.of(ErrorCode.OPERATION_INVALID, "Snapshot '" + snapshot.name()
                        + "' does not exist in disk " + image.target() + " (" + image.file() + ")");
            }
        }
    }

    void delete(UUID uuid, String name) {
        DomainObject<QemuRuntime> domain = domains.require(uuid);
        jobs.call(domain, "snapshot-delete", () -> {
            SnapshotDefinition snapshot = domain.snapshots().require(name);
            List<Image> images = snapshotImages(domain, snapshot);
            QemuRuntime runtime = domain.runtime();
            if (runtime != null) {
                runtime.process().session(qmp -> {
                    runJob(qmp, "snapshot-delete", name, images, false);
                    return null;
                });
            } else {
                for (Image image : images) {
                    qemuImg.snapshot(image.file(), "-d", name);
                }
            }
            domain.snapshots().delete(name);
            persist(domain);
            return null;
        });
    }

    void revert(UUID uuid, String name, boolean force) {
        DomainObject<QemuRuntime> domain = domains.require(uuid);
        jobs.runAll(domain, "snapshot-revert", () -> revert(domain, name, force));
    }

    /**
     * libvirt's transitions: to an online snapshot, the running QEMU loads it (or a new one
     * starts with {@code -loadvm}) and is left running or paused as the snapshot was; to an
     * offline one, a running QEMU stops and the disks get the snapshot's contents. A running
     * QEMU loads a snapshot only when the snapshot's definition is ABI compatible with the one
     * it runs: otherwise libvirt refuses, or with {@code force} stops that QEMU and starts a new
     * one from the snapshot.
     */
    private List<DomainEvent> revert(DomainObject<QemuRuntime> domain, String name, boolean force) {
        SnapshotDefinition snapshot = domain.snapshots().require(name);
        String xml = snapshot.domainXml().orElseThrow(() -> VirtException.of(ErrorCode.SNAPSHOT_REVERT_RISKY,
                "snapshot '" + name + "' lacks domain '" + domain.name() + "' rollback info"));
        DomainDefinition definition = new DomainXml().parse(xml, name);
        List<Image> images = snapshotImages(domain, snapshot);
        List<DomainEvent> events = new ArrayList<>();
        QemuRuntime runtime = domain.runtime();
        boolean online = snapshot.state().isOnline();
        boolean incompatible = false;
        if (runtime != null && online) {
            Optional<String> difference = abi.firstDifference(domain.current(), definition);
            if (difference.isPresent() && !force) {
                throw VirtException.of(ErrorCode.SNAPSHOT_REVERT_RISKY, difference.get());
            }
            incompatible = difference.isPresent();
        }
        if (runtime != null && (!online || incompatible)) {
            // Null when QEMU's exit watcher got there first; it tells the stop then.
            DomainEvent stopped = stopper.kill(domain, runtime, StateReason.FROM_SNAPSHOT, false);
            if (stopped != null) {
                events.add(stopped);
            }
            runtime = null;
        }
        if (runtime == null) {
            // A running QEMU keeps its devices: the snapshot's definition applies when one starts.
            if (domain.isPersistent()) {
                store.save(domain.name(), definition.xml());
            }
            domain.restore(definition);
        }
        if (!online) {
            for (Image image : images) {
                qemuImg.snapshot(image.file(), "-a", name);
            }
        } else if (runtime == null) {
            starter.launch(domain, VmBoot.snapshot(name, snapshot.state() == SnapshotState.PAUSED));
            events.add(new DomainEvent(domain.summary(), Type.STARTED, FROM_SNAPSHOT));
        } else {
            boolean wantPaused = snapshot.state() == SnapshotState.PAUSED;
            QemuRuntime loading = runtime;
            loading.process().session(qmp -> {
                runJob(qmp, "snapshot-load", name, images, true);
                if (wantPaused && domain.state() == DomainState.RUNNING) {
                    loading.expectPause(StateReason.FROM_SNAPSHOT);
                    qmp.execute("stop", QMP_TIMEOUT);
                } else if (!wantPaused && domain.state() == DomainState.PAUSED) {
                    qmp.execute("cont", QMP_TIMEOUT);
                }
                return null;
            });
        }
        domain.snapshots().setCurrent(name);
        persist(domain);
        return events;
    }

    /**
     * Removes every tag {@code name} from the shut-off VM's images, each time it is there. The
     * metadata is written only once the images hold the snapshot, so a tag that no metadata
     * names is what a process killed in between left; qemu-img would take a second snapshot of
     * the same name beside it, and later act on whichever it finds first.
     */
    private void removeStrayTags(String name, List<Image> images) {
        for (Image image : images) {
            for (String tag : qemuImg.snapshotTags(image.file())) {
                if (tag.equals(name)) {
                    qemuImg.snapshot(image.file(), "-d", name);
                }
            }
        }
    }

    /**
     * The running VM's counterpart of {@link #removeStrayTags(String, List)}: first lets a
     * snapshot job of a killed process end in QEMU (QEMU carries it on alone) and dismisses it,
     * then deletes the tag from the images, as often as they hold it.
     */
    private static void removeStrayTags(QmpClient qmp, String name, List<Image> images) {
        for (JsonNode job : qmp.execute("query-jobs", QMP_TIMEOUT)) {
            String id = job.path("id").asText();
            if (id.startsWith(JOB_PREFIX)) {
                concludeAndDismiss(qmp, id, "a killed process's " + job.path("type").asText(), name);
            }
        }
        for (int taken = tagCount(qmp, name, images); taken > 0; taken--) {
            runJob(qmp, "snapshot-delete", name, images, false);
        }
    }

    /** How many snapshots tagged {@code name} the image that holds most of them has, as QEMU lists them. */
    private static int tagCount(QmpClient qmp, String name, List<Image> images) {
        Set<String> files = new HashSet<>(images.stream().map(i -> i.file().toString()).toList());
        int most = 0;
        for (JsonNode backend : qmp.execute("query-block", QMP_TIMEOUT)) {
            JsonNode inserted = backend.path("inserted");
            if (files.contains(inserted.path("file").asText())) {
                int count = 0;
                for (JsonNode snapshot : inserted.path("image").path("snapshots")) {
                    count += snapshot.path("name").asText().equals(name) ? 1 : 0;
                }
                most = Math.max(most, count);
            }
        }
        return most;
    }

    /**
     * Runs a QMP snapshot job on the VM's qcow2 disks (the first holds the memory state) and
     * waits for it, as libvirt runs {@code snapshot-save}, {@code -load} and {@code -delete}.
     */
    private static void runJob(QmpClient qmp, String command, String tag, List<Image> images, boolean vmstate) {
        List<String> nodes = nodeNames(qmp, images);
        if (nodes.isEmpty() && vmstate) {
            throw VirtException.of(ErrorCode.OPERATION_INVALID, "internal snapshots of a running VM need a qcow2 disk"
                    + " to hold its memory state");
        }
        String id = JOB_PREFIX + command + "-" + UUID.randomUUID();
        ObjectNode arguments = QmpClient.arguments().put("job-id", id).put("tag", tag);
        if (vmstate) {
            arguments.put("vmstate", nodes.get(0));
        }
        nodes.forEach(arguments.putArray("devices")::add);
        qmp.execute(command, arguments, QMP_TIMEOUT);
        JsonNode job = concludeAndDismiss(qmp, id, command, tag);
        if (job.has("error")) {
            throw VirtException.of(ErrorCode.OPERATION_FAILED, command + " of snapshot '" + tag + "' failed: "
                    + job.path("error").asText());
        }
    }

    /** Waits for QEMU's job {@code id} to conclude, dismisses it, and returns it as {@code query-jobs} last listed it. */
    private static JsonNode concludeAndDismiss(QmpClient qmp, String id, String command, String tag) {
        try {
            while (true) {
                JsonNode job = null;
                for (JsonNode j : qmp.execute("query-jobs", QMP_TIMEOUT)) {
                    if (j.path("id").asText().equals(id)) {
                        job = j;
                    }
                }
                if (job == null) {
                    throw VirtException.of(ErrorCode.INTERNAL_ERROR, "QEMU lost its " + command + " job");
                }
                if (job.path("status").asText().equals("concluded")) {
                    return job;
                }
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw VirtException.of(ErrorCode.OPERATION_ABORTED, command + " of snapshot '" + tag + "' was interrupted");
        } finally {
            try {
                qmp.execute("job-dismiss", QmpClient.arguments().put("id", id), QMP_TIMEOUT);
            } catch (RuntimeException ignored) {
                // Not yet concluded (interrupted) or QEMU gone: nothing of ours remains to dismiss.
            }
        }
    }

    /** The format nodes QEMU opened the images as, found through {@code query-block}. */
    private static List<String> nodeNames(QmpClient qmp, List<Image> images) {
        Set<String> files = new HashSet<>(images.stream().map(i -> i.file().toString()).toList());
        List<String> nodes = new ArrayList<>();
        for (JsonNode backend : qmp.execute("query-block", QMP_TIMEOUT)) {
            JsonNode inserted = backend.path("inserted");
            if (files.contains(inserted.path("file").asText())) {
                nodes.add(inserted.path("node-name").asText());
            }
        }
        return nodes;
    }

    /**
     * The writable disks with an image, each of which must be qcow2, with libvirt's refusal
     * of any other format; read-only disks and empty drives take no part.
     */
    private List<Image> images(DomainDefinition definition) {
        List<Image> images = new ArrayList<>();
        XmlElement root = volumes.resolve(parser.parse(definition.xml(), definition.name()));
        for (XmlElement disk : root.child("devices").map(d -> d.children("disk")).orElse(List.of())) {
            Optional<String> source = disk.child("source").flatMap(s -> s.attribute("file").or(() -> s.attribute("dev")));
            if (source.isEmpty() || disk.child("readonly").isPresent()
                    || disk.attribute("snapshot").filter("no"::equals).isPresent()) {
                continue;
            }
            String target = disk.child("target").flatMap(t -> t.attribute("dev")).orElse("");
            String format = disk.child("driver").flatMap(d -> d.attribute("type")).orElse("raw");
            if (!format.equals("qcow2")) {
                throw VirtException.of(ErrorCode.CONFIG_UNSUPPORTED, "internal snapshot for disk " + target
                        + " unsupported for storage type " + format);
            }
            images.add(new Image(target, Path.of(source.get())));
        }
        return images;
    }

    /** The images that hold a snapshot: its disks marked internal, at the paths its definition gives them. */
    private List<Image> snapshotImages(DomainObject<QemuRuntime> domain, SnapshotDefinition snapshot) {
        DomainDefinition definition = snapshot.domainXml().map(x -> new DomainXml().parse(x, snapshot.name()))
                .orElse(domain.current());
        Set<String> internal = new HashSet<>(snapshot.disks().stream().filter(d -> d.snapshot().equals("internal"))
                .map(SnapshotDefinition.Disk::name).toList());
        return images(definition).stream().filter(i -> internal.contains(i.target())).toList();
    }

    /** Writes every snapshot of the domain, {@code <active>} on the current one, and removes the files of deleted ones. */
    private void persist(DomainObject<QemuRuntime> domain) {
        Path dir = directory(domain.name());
        Optional<String> current = domain.snapshots().currentName();
        Set<String> kept = new HashSet<>();
        for (DomainSnapshot summary : domain.snapshots().list()) {
            XmlElement root = parser.parse(snapshotXml.format(domain.snapshots().require(summary.name()), domain.uuid()),
                    summary.name());
            root.append(new XmlElement("active").setText(current.filter(summary.name()::equals).isPresent() ? "1" : "0"));
            AtomicFiles.write(dir.resolve(summary.name() + ".xml"), XmlFormat.format(root));
            kept.add(summary.name() + ".xml");
        }
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> !kept.contains(f.getFileName().toString())).toList()) {
                Files.deleteIfExists(file);
            }
            if (kept.isEmpty()) {
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw VirtException.system("cannot update the snapshots of '" + domain.name() + "' in " + dir, e);
        }
    }

    private static String withoutLiveParts(DomainDefinition definition) {
        return VmSave.definitionXml(definition);
    }
}
