package org.virtfx.plumbing.storage;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import org.virtfx.core.config.AtomicFiles;
import org.virtfx.core.config.DefinitionStore;
import org.virtfx.core.config.LoadWarnings;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.event.EventBus;
import org.virtfx.core.event.PoolEvent;
import org.virtfx.core.storage.PoolSummary;
import org.virtfx.core.storage.StorageFamily;
import org.virtfx.core.storage.VolumeSummary;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlFormat;
import org.virtfx.core.xml.XmlParser;
import org.virtfx.core.xml.XmlText;

/**
 * Directory storage pools of the native drivers, after libvirt's storage driver for
 * {@code type='dir'}: pools defined by libvirt pool XML and persisted in a configuration
 * directory, each a directory whose regular files are its volumes. Volumes are made, copied,
 * resized and read with {@code qemu-img}; raw and qcow2 are created, and every format qemu-img
 * reads is listed and copied. Sizes of a pool are the {@code statvfs} figures of its file
 * system, as libvirt reports them; a volume's allocation is what its file takes on disk.
 *
 * <p>A running pool has a state file in the state directory, as libvirt keeps
 * {@code /run/libvirt/storage/NAME.xml}: a new instance (the application restarted) finds the
 * pools it left running and reads their volumes again.
 *
 * <p>One lock guards the table of pools and their volume lists. Creating and copying a volume
 * take as long as qemu-img takes, so they run outside it, as libvirt drops its pool lock
 * during a volume build: the new name is reserved first, the source of a copy is marked in
 * use, and a pool with such jobs running cannot be stopped or refreshed. A refresh reads every
 * file's header under the lock (about 10 ms a file). Events are published after the lock is
 * released.
 *
 * <p>One rule is stricter than libvirt's: a volume whose capacity (or a resize whose growth)
 * exceeds the pool's free space is refused, so that a guest can never fill the host's file
 * system by writing its disk; libvirt only refuses what it must allocate at once.
 */
public final class DirectoryPools implements StorageFamily {
    private final EventBus events;
    private final DefinitionStore store;
    private final Path stateDirectory;
    private final QemuImg qemuImg;
    private final XmlParser parser = new XmlParser();
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<UUID, Pool> pools = new LinkedHashMap<>();

    /**
     * A pool's stored definition, the definition it runs with (null when stopped), its volumes
     * while it runs, and its running jobs. Guarded by the lock.
     */
    private static final class Pool {
        PoolConfig config;
        PoolConfig live;
        final Map<String, VolumeState> volumes = new TreeMap<>();
        /** Names of volumes being created outside the lock. */
        final Set<String> building = new HashSet<>();
        /** Volumes being read by a copy outside the lock, with how many copies read each. */
        final Map<String, Integer> inUse = new HashMap<>();
        /** Creates and copies running outside the lock that write into or read from this pool. */
        int jobs;

        Pool(PoolConfig config) {
            this.config = config;
        }

        String name() {
            return config.name();
        }

        boolean active() {
            return live != null;
        }

        /** The directory of a running pool. */
        PoolDirectory directory() {
            return new PoolDirectory(live.target());
        }
    }

    /**
     * Loads the definitions stored in {@code configDirectory}; a pool with a state file in
     * {@code stateDirectory} was left running and is read again (and counts as stopped when its
     * directory can no longer be read).
     *
     * @param configDirectory where pool definitions are stored ({@code NAME.xml}, {@code autostart/})
     * @param stateDirectory  where running pools are recorded
     * @param events          where defines, undefines, starts, stops and refreshes are published,
     *                        always after the lock is released
     */
    public DirectoryPools(Path configDirectory, Path stateDirectory, EventBus events) {
        this(configDirectory, stateDirectory, events, new LoadWarnings());
    }

    /** @param warnings collects the pool files that could not be read and were skipped */
    public DirectoryPools(Path configDirectory, Path stateDirectory, EventBus events, LoadWarnings warnings) {
        this(configDirectory, stateDirectory, events, new QemuImg("qemu-img"), warnings);
    }

    DirectoryPools(Path configDirectory, Path stateDirectory, EventBus events, QemuImg qemuImg) {
        this(configDirectory, stateDirectory, events, qemuImg, new LoadWarnings());
    }

    DirectoryPools(Path configDirectory, Path stateDirectory, EventBus events, QemuImg qemuImg, LoadWarnings warnings) {
        this.events = events;
        this.store = new DefinitionStore(configDirectory, "storage pool");
        this.stateDirectory = stateDirectory;
        this.qemuImg = qemuImg;
        for (DefinitionStore.Document document : store.loadAll(warnings)) {
            PoolConfig config;
            try {
                config = PoolConfig.parse(document.xml(), document.file().toString());
            } catch (VirtException unreadable) {
                warnings.skipped(document.file(), unreadable.getMessage());
                continue;
            }
            Pool pool = new Pool(config);
            pools.put(config.definition().uuid(), pool);
            Path state = stateFile(config.name());
            if (Files.exists(state)) {
                try {
                    PoolConfig live = PoolConfig.parse(Files.readString(state), state.toString());
                    pool.volumes.putAll(new PoolDirectory(live.target()).scan(qemuImg));
                    pool.live = live;
                } catch (VirtException | IOException e) {
                    // As libvirt: a pool whose state cannot be read again counts as stopped.
                    deleteState(config.name());
                }
            }
        }
    }

    @Override
    public String driverName() {
        return "storage";
    }

    @Override
    public List<PoolSummary> listPools() {
        lock.lock();
        try {
            return pools.values().stream().map(this::summary).toList();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public PoolSummary definePool(String xml) {
        PoolConfig config = PoolConfig.parse(xml, "(storage_pool_definition)");
        UUID uuid = config.definition().uuid();
        PoolSummary defined;
        lock.lock();
        try {
            for (Pool other : pools.values()) {
                UUID otherUuid = other.config.definition().uuid();
                if (otherUuid.equals(uuid) && !other.name().equals(config.name())) {
                    throw VirtException.of(ErrorCode.OPERATION_FAILED, "pool '" + other.name()
                            + "' is already defined with uuid " + otherUuid);
                }
                if (!otherUuid.equals(uuid) && other.name().equals(config.name())) {
                    throw VirtException.of(ErrorCode.OPERATION_FAILED, "pool '" + config.name()
                            + "' already exists with uuid " + otherUuid);
                }
                if (!otherUuid.equals(uuid) && other.config.target().equals(config.target())) {
                    throw VirtException.of(ErrorCode.OPERATION_FAILED, "Storage source conflict with pool: '"
                            + other.name() + "'");
                }
            }
            store.save(config.name(), config.definition().xml());
            Pool pool = pools.get(uuid);
            if (pool == null) {
                pool = new Pool(config);
                pools.put(uuid, pool);
            } else {
                // A running pool keeps the definition it runs with; the new one applies from the next start.
                pool.config = config;
            }
            defined = summary(pool);
        } finally {
            lock.unlock();
        }
        events.publish(new PoolEvent(defined, PoolEvent.Type.DEFINED));
        return defined;
    }

    @Override
    public void undefinePool(UUID uuid) {
        PoolSummary undefined;
        lock.lock();
        try {
            Pool pool = require(uuid);
            if (pool.active()) {
                throw VirtException.of(ErrorCode.OPERATION_INVALID, "storage pool '" + pool.name() + "' is still active");
            }
            undefined = summary(pool);
            store.delete(pool.name());
            pools.remove(uuid);
        } finally {
            lock.unlock();
        }
        events.publish(new PoolEvent(undefined, PoolEvent.Type.UNDEFINED));
    }

    /** Makes the pool's directory as its XML describes it (see {@link PoolDirectory#build}). */
    @Override
    public void buildPool(UUID uuid) {
        lock.lock();
        try {
            Pool pool = require(uuid);
            if (pool.active()) {
                throw VirtException.of(ErrorCode.OPERATION_INVALID, "storage pool '" + pool.name() + "' is already active");
            }
            new PoolDirectory(pool.config.target()).build(pool.config.permissions());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void startPool(UUID uuid) {
        PoolSummary started;
        lock.lock();
        try {
            Pool pool = require(uuid);
            if (pool.active()) {
                throw VirtException.of(ErrorCode.OPERATION_INVALID, "storage pool '" + pool.name() + "' is already active");
            }
            Map<String, VolumeState> volumes = new PoolDirectory(pool.config.target()).scan(qemuImg);
            AtomicFiles.write(stateFile(pool.name()), pool.config.definition().xml());
            pool.volumes.clear();
            pool.volumes.putAll(volumes);
            pool.live = pool.config;
            started = summary(pool);
        } finally {
            lock.unlock();
        }
        events.publish(new PoolEvent(started, PoolEvent.Type.STARTED));
    }

    /** Starts the pool, building its directory first when asked and the pool is not running. */
    @Override
    public void startPool(UUID uuid, boolean build) {
        if (build) {
            lock.lock();
            try {
                if (!require(uuid).active()) {
                    buildPool(uuid);
                }
            } finally {
                lock.unlock();
            }
        }
        startPool(uuid);
    }

    @Override
    public void stopPool(UUID uuid) {
        PoolSummary stopped;
        lock.lock();
        try {
            Pool pool = requireActive(uuid);
            requireNoJobs(pool);
            deleteState(pool.name());
            pool.live = null;
            pool.volumes.clear();
            stopped = summary(pool);
        } finally {
            lock.unlock();
        }
        events.publish(new PoolEvent(stopped, PoolEvent.Type.STOPPED));
    }

    /**
     * Reads the pool's volumes again. A pool whose directory has gone stops, as libvirt stops a
     * pool whose refresh fails, and the error says why.
     */
    @Override
    public void refreshPool(UUID uuid) {
        PoolEvent event;
        VirtException failure = null;
        lock.lock();
        try {
            Pool pool = requireActive(uuid);
            requireNoJobs(pool);
            try {
                Map<String, VolumeState> volumes = pool.directory().scan(qemuImg);
                pool.volumes.clear();
                pool.volumes.putAll(volumes);
                event = new PoolEvent(summary(pool), PoolEvent.Type.REFRESHED);
            } catch (VirtException e) {
                if (Files.isDirectory(pool.directory().path())) {
                    throw e;
                }
                deleteState(pool.name());
                pool.live = null;
                pool.volumes.clear();
                event = new PoolEvent(summary(pool), PoolEvent.Type.STOPPED);
                failure = e;
            }
        } finally {
            lock.unlock();
        }
        events.publish(event);
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void setPoolAutostart(UUID uuid, boolean autostart) {
        lock.lock();
        try {
            store.setAutostart(require(uuid).name(), autostart);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Starts every pool marked for autostart that is not running, as the storage driver does
     * when it opens. A pool that fails to start does not stop the others; its error is returned.
     */
    public List<VirtException> autostart() {
        List<VirtException> failures = new ArrayList<>();
        for (PoolSummary pool : listPools()) {
            if (pool.autostart() && !pool.active()) {
                try {
                    startPool(pool.uuid());
                } catch (VirtException e) {
                    failures.add(e);
                }
            }
        }
        return failures;
    }

    /**
     * The pool's XML as libvirt's {@code virStoragePoolDefFormat} writes it: sizes in bytes
     * after the UUID (the file system's while the pool runs, 0 otherwise), an empty
     * {@code <source>}, and for a running pool the directory's actual permissions.
     */
    @Override
    public String poolXml(UUID uuid, boolean inactive) {
        lock.lock();
        try {
            Pool pool = require(uuid);
            PoolSummary summary = summary(pool);
            PoolConfig shown = inactive || !pool.active() ? pool.config : pool.live;
            XmlElement root = parser.parse(shown.definition().xml(), pool.name());
            for (String size : List.of("capacity", "allocation", "available")) {
                root.child(size).ifPresent(root::remove);
            }
            root.insertAfter("uuid", VolumeState.bytes("available", summary.available()));
            root.insertAfter("uuid", VolumeState.bytes("allocation", summary.allocation()));
            root.insertAfter("uuid", VolumeState.bytes("capacity", summary.capacity()));
            if (root.child("source").isEmpty()) {
                root.insertAfter("available", new XmlElement("source").append(new XmlText("\n")));
            }
            if (pool.active() && !inactive) {
                XmlElement target = root.child("target").orElseThrow();
                target.child("permissions").ifPresent(target::remove);
                target.append(pool.directory().permissions().element());
            }
            return XmlFormat.format(root);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<VolumeSummary> listVolumes(UUID uuid) {
        lock.lock();
        try {
            return requireActive(uuid).volumes.values().stream().map(VolumeState::summary).toList();
        } finally {
            lock.unlock();
        }
    }

    /** The volume with its sizes read from the file now, as {@code virsh vol-info} reads them. */
    @Override
    public VolumeSummary lookupVolume(UUID uuid, String volumeName) {
        return reread(uuid, volumeName).summary();
    }

    @Override
    public String volumeXml(UUID uuid, String volumeName) {
        return reread(uuid, volumeName).xml();
    }

    /**
     * Creates a volume from libvirt volume XML. A raw volume is {@code qemu-img create -f raw}
     * with its {@code <allocation>} reserved by {@code fallocate} (all of the capacity when the
     * XML has none, as in libvirt); a qcow2 volume is sparse, with libvirt's options
     * ({@code compat}, {@code cluster_size}, {@code lazy_refcounts}) and an optional backing
     * store. The file is made with the XML's mode (0600 by default) before qemu-img writes it,
     * and removed again when any step fails.
     */
    @Override
    public VolumeSummary createVolume(UUID uuid, String xml) {
        VolumeRequest request = VolumeRequest.parse(xml);
        Path target;
        lock.lock();
        try {
            target = requireActive(uuid).directory().path();
        } finally {
            lock.unlock();
        }
        Backing backing = request.backingPath() == null ? null : backing(request, target);
        if (backing == null && request.capacity() < 0) {
            throw VirtException.of(ErrorCode.XML_ERROR, "missing capacity element");
        }
        long capacity = request.capacity() >= 0 ? request.capacity() : backing.capacity();
        long allocation = request.allocation() < 0 ? capacity : request.allocation();
        if (request.imageFormat().equals("raw") && allocation > capacity) {
            throw VirtException.of(ErrorCode.INVALID_ARG, "volume '" + request.name() + "': allocation "
                    + allocation + " is larger than capacity " + capacity);
        }
        UUID[] jobPools = {uuid};
        Path path = reserve(jobPools, request.name(), capacity, null);
        return build(jobPools, null, request, path, () -> {
            if (backing == null) {
                qemuImg.create(path, request.imageFormat(), capacity, request.imageOptions(), null, null);
            } else {
                // Without <capacity>, qemu-img takes the backing file's size.
                qemuImg.create(path, request.imageFormat(), Math.max(request.capacity(), 0), request.imageOptions(),
                        backing.path(), backing.format());
            }
            if (request.imageFormat().equals("raw")) {
                VolumeFiles.reserveBlocks(path, allocation);
            }
        });
    }

    /** A new overlay's backing file: as the XML names it, its format, and its capacity. */
    private record Backing(String path, String format, long capacity) {
    }

    /**
     * Checks the backing store libvirt's way (qcow2 only, readable, relative paths from the
     * pool's directory) and reads the backing file's format and size.
     */
    private Backing backing(VolumeRequest request, Path poolDirectory) {
        if (!request.imageFormat().equals("qcow2")) {
            throw VirtException.of(ErrorCode.CONFIG_UNSUPPORTED, "cannot set backing store for raw volume");
        }
        Path file = poolDirectory.resolve(request.backingPath());
        if (!Files.isReadable(file)) {
            throw new VirtException(ErrorCode.SYSTEM_ERROR, "inaccessible backing store volume "
                    + request.backingPath() + ": " + (Files.exists(file) ? "Permission denied" : "No such file or directory"));
        }
        // libvirt would take a backing file without <format> as raw; reading it avoids
        // showing a qcow2 base's metadata to the guest as disk content.
        ImageInfo base = qemuImg.info(file);
        return new Backing(request.backingPath(), request.backingFormat() != null ? request.backingFormat()
                : base.format(), base.virtualSize());
    }

    /**
     * Creates a volume whose content is a copy of another's ({@code virStorageVolCreateXMLFrom}):
     * {@code qemu-img convert} from the source's format to the new volume's, grown afterwards
     * when the XML asks for more capacity than the source has (never less). The source may be
     * in another active pool; it cannot be deleted while the copy runs.
     */
    @Override
    public VolumeSummary cloneVolume(UUID uuid, String xml, UUID sourcePool, String sourceVolume) {
        VolumeRequest request = VolumeRequest.parse(xml);
        VolumeState source;
        lock.lock();
        try {
            requireActive(uuid);
            Pool from = requireActive(sourcePool);
            source = from.volumes.get(sourceVolume);
            if (source == null) {
                throw noVolume(sourceVolume);
            }
        } finally {
            lock.unlock();
        }
        long capacity = Math.max(request.capacity(), source.image().virtualSize());
        long allocation = request.allocation() < 0 ? capacity : request.allocation();
        UUID[] jobPools = sourcePool.equals(uuid) ? new UUID[] {uuid} : new UUID[] {uuid, sourcePool};
        Path path = reserve(jobPools, request.name(), capacity, sourceVolume);
        VolumeState input = source;
        return build(jobPools, sourceVolume, request, path, () -> {
            qemuImg.convert(input.path(), input.image().format(), path, request.imageFormat(), request.imageOptions());
            if (capacity > input.image().virtualSize()) {
                qemuImg.resize(path, request.imageFormat(), capacity, false);
            }
            if (request.imageFormat().equals("raw")) {
                VolumeFiles.reserveBlocks(path, Math.min(allocation, capacity));
            }
        });
    }

    /**
     * Under the lock: checks that the new name is free in the first pool and its capacity fits
     * the pool's free space, then reserves the name, counts the job in every pool involved and
     * marks the source volume (of the last pool) in use.
     */
    private Path reserve(UUID[] jobPools, String name, long capacity, String sourceVolume) {
        lock.lock();
        try {
            Pool pool = requireActive(jobPools[0]);
            if (pool.volumes.containsKey(name) || pool.building.contains(name)) {
                throw sourceVolume == null
                        ? new VirtException(ErrorCode.OPERATION_FAILED, "storage volume '" + name + "' exists already")
                        : VirtException.of(ErrorCode.INTERNAL_ERROR, "storage volume name '" + name + "' already in use.");
            }
            Path path = pool.directory().path().resolve(name);
            if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                throw VirtException.of(ErrorCode.OPERATION_INVALID, "volume target path '" + path + "' already exists");
            }
            long available = summary(pool).available();
            if (capacity > available) {
                throw VirtException.of(ErrorCode.OPERATION_FAILED, "Not enough space left in storage pool '"
                        + pool.name() + "' for volume '" + name + "': its capacity is " + capacity
                        + " bytes and the pool has " + available + " bytes available");
            }
            Pool last = require(jobPools[jobPools.length - 1]);
            if (sourceVolume != null) {
                VolumeState source = last.volumes.get(sourceVolume);
                if (source == null) {
                    throw noVolume(sourceVolume);
                }
                last.inUse.merge(sourceVolume, 1, Integer::sum);
            }
            pool.building.add(name);
            for (UUID id : jobPools) {
                require(id).jobs++;
            }
            return path;
        } finally {
            lock.unlock();
        }
    }

    /** What fills a reserved volume file, outside the lock. */
    private interface Filling {
        void run();
    }

    /**
     * Outside the lock: makes the file with its permissions, fills it, and reads it; on any
     * failure removes the file. Then, under the lock, releases what {@link #reserve} took and
     * adds the volume, and publishes the pool's refresh.
     */
    private VolumeSummary build(UUID[] jobPools, String sourceVolume, VolumeRequest request, Path path,
                                Filling filling) {
        VolumeState made = null;
        boolean created = false;
        try {
            VolumeFiles.create(path, request.permissions());
            created = true;
            filling.run();
            VolumeFiles.finish(path, request.permissions());
            made = VolumeState.read(qemuImg, path);
        } catch (FileAlreadyExistsException e) {
            // Someone else's file appeared since the check: never ours to remove.
            throw VirtException.of(ErrorCode.OPERATION_INVALID, "volume target path '" + path + "' already exists");
        } catch (IOException e) {
            throw removing(created, path, VirtException.system("cannot create volume '" + path + "'", e));
        } catch (RuntimeException e) {
            throw removing(created, path, e);
        } finally {
            release(jobPools, sourceVolume, request.name(), made);
        }
        PoolSummary pool = listPools().stream().filter(p -> p.uuid().equals(jobPools[0])).findFirst().orElseThrow();
        events.publish(new PoolEvent(pool, PoolEvent.Type.REFRESHED));
        return made.summary();
    }

    private static RuntimeException removing(boolean created, Path path, RuntimeException failure) {
        try {
            if (created) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
        return failure;
    }

    private void release(UUID[] jobPools, String sourceVolume, String name, VolumeState made) {
        lock.lock();
        try {
            Pool pool = pools.get(jobPools[0]);
            Pool last = pools.get(jobPools[jobPools.length - 1]);
            for (UUID id : jobPools) {
                pools.get(id).jobs--;
            }
            pool.building.remove(name);
            if (sourceVolume != null) {
                last.inUse.computeIfPresent(sourceVolume, (v, n) -> n == 1 ? null : n - 1);
            }
            if (made != null) {
                pool.volumes.put(name, made);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Changes a volume's capacity with {@code qemu-img resize}, with libvirt's checks in
     * libvirt's order: never below what the file already holds, smaller only with
     * {@code shrink}, and (VirtFX's rule) growth only within the pool's free space. qemu-img
     * only rewrites the image's size, in milliseconds, so this runs under the lock, as libvirt
     * resizes under its pool lock.
     */
    @Override
    public void resizeVolume(UUID uuid, String volumeName, long capacity, boolean shrink) {
        PoolSummary refreshed;
        lock.lock();
        try {
            Pool pool = requireActive(uuid);
            VolumeState volume = requireIdle(pool, volumeName);
            long current = volume.image().virtualSize();
            if (capacity < volume.image().actualSize() && capacity < current) {
                throw VirtException.of(ErrorCode.INVALID_ARG, "can't shrink capacity below existing allocation");
            }
            if (capacity < current && !shrink) {
                throw VirtException.of(ErrorCode.INVALID_ARG,
                        "Can't shrink capacity below current capacity unless shrink flag explicitly specified");
            }
            long available = summary(pool).available();
            if (capacity - current > available) {
                throw VirtException.of(ErrorCode.OPERATION_FAILED, "Not enough space left in storage pool '"
                        + pool.name() + "' to grow volume '" + volumeName + "' by " + (capacity - current)
                        + " bytes: the pool has " + available + " bytes available");
            }
            String format = volume.image().format();
            qemuImg.resize(volume.path(), format, capacity, capacity < current);
            pool.volumes.put(volumeName, VolumeState.read(qemuImg, volume.path()));
            refreshed = summary(pool);
        } finally {
            lock.unlock();
        }
        events.publish(new PoolEvent(refreshed, PoolEvent.Type.REFRESHED));
    }

    @Override
    public void deleteVolume(UUID uuid, String volumeName) {
        PoolSummary refreshed;
        lock.lock();
        try {
            Pool pool = requireActive(uuid);
            VolumeState volume = requireIdle(pool, volumeName);
            try {
                // A file already gone is what the caller wanted; libvirt ignores ENOENT too.
                Files.deleteIfExists(volume.path());
            } catch (IOException e) {
                throw VirtException.system("cannot unlink file '" + volume.path() + "'", e);
            }
            pool.volumes.remove(volumeName);
            refreshed = summary(pool);
        } finally {
            lock.unlock();
        }
        events.publish(new PoolEvent(refreshed, PoolEvent.Type.REFRESHED));
    }

    /** A volume no create or copy is working on. Caller holds the lock. */
    private static VolumeState requireIdle(Pool pool, String volumeName) {
        if (pool.building.contains(volumeName)) {
            throw VirtException.of(ErrorCode.OPERATION_INVALID, "volume '" + volumeName + "' is still being allocated.");
        }
        VolumeState volume = pool.volumes.get(volumeName);
        if (volume == null) {
            throw noVolume(volumeName);
        }
        if (pool.inUse.containsKey(volumeName)) {
            throw VirtException.of(ErrorCode.OPERATION_INVALID, "volume '" + volumeName + "' is still in use.");
        }
        return volume;
    }

    /** Reads a volume's file again, outside the lock, and keeps what it read. */
    private VolumeState reread(UUID uuid, String volumeName) {
        Path path;
        lock.lock();
        try {
            Pool pool = requireActive(uuid);
            VolumeState volume = pool.volumes.get(volumeName);
            if (volume == null) {
                throw noVolume(volumeName);
            }
            path = volume.path();
        } finally {
            lock.unlock();
        }
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            throw noVolume(volumeName);
        }
        VolumeState now = VolumeState.read(qemuImg, path);
        lock.lock();
        try {
            Pool pool = pools.get(uuid);
            if (pool != null && pool.active()) {
                pool.volumes.computeIfPresent(volumeName, (name, old) -> now);
            }
        } finally {
            lock.unlock();
        }
        return now;
    }

    private Path stateFile(String name) {
        return stateDirectory.resolve(name + ".xml");
    }

    private void deleteState(String name) {
        try {
            Files.deleteIfExists(stateFile(name));
        } catch (IOException e) {
            throw VirtException.system("cannot remove the state of storage pool '" + name + "'", e);
        }
    }

    private Pool require(UUID uuid) {
        Pool pool = pools.get(uuid);
        if (pool == null) {
            throw VirtException.of(ErrorCode.NO_STORAGE_POOL, "no storage pool with matching uuid '" + uuid + "'");
        }
        return pool;
    }

    private Pool requireActive(UUID uuid) {
        Pool pool = require(uuid);
        if (!pool.active()) {
            throw VirtException.of(ErrorCode.OPERATION_INVALID, "storage pool '" + pool.name() + "' is not active");
        }
        return pool;
    }

    private static void requireNoJobs(Pool pool) {
        if (pool.jobs > 0) {
            throw VirtException.of(ErrorCode.OPERATION_INVALID, "pool '" + pool.name()
                    + "' has asynchronous jobs running.");
        }
    }

    private static VirtException noVolume(String name) {
        return VirtException.of(ErrorCode.NO_STORAGE_VOL, "no storage vol with matching name '" + name + "'");
    }

    /** The pool, with its file system's sizes while it runs and zeroes otherwise. Caller holds the lock. */
    private PoolSummary summary(Pool pool) {
        PoolDirectory.Sizes sizes = pool.active() ? pool.directory().sizes() : PoolDirectory.Sizes.NONE;
        var definition = pool.config.definition();
        return new PoolSummary(definition.name(), definition.uuid(), "dir", pool.active(), true,
                store.autostart(definition.name()), sizes.capacity(), sizes.allocation(), sizes.available());
    }
}
