package org.virtfx.drivers.libvirt;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.storage.PoolSummary;
import org.virtfx.core.storage.StorageFamily;
import org.virtfx.core.storage.StorageXml;
import org.virtfx.core.storage.VolumeSummary;
import org.virtfx.drivers.libvirt.binding.LibvirtError;
import org.virtfx.drivers.libvirt.binding.VirConnect;
import org.virtfx.drivers.libvirt.binding.VirStoragePool;
import org.virtfx.drivers.libvirt.binding.VirStorageVol;

/** Storage pools and volumes through libvirt's storage driver. */
final class LibvirtStorage implements StorageFamily {
    /** {@code VIR_STORAGE_POOL_RUNNING}. */
    private static final int POOL_RUNNING = 2;

    private final VirConnect conn;
    private final StorageXml storageXml = new StorageXml();

    LibvirtStorage(VirConnect conn) {
        this.conn = conn;
    }

    @Override
    public String driverName() {
        return LibvirtDriver.NAME;
    }

    /** A pool's summary; libvirt keeps the type only in the XML. */
    PoolSummary summary(VirStoragePool pool) {
        VirStoragePool.PoolInfo info = pool.info();
        String type = storageXml.parsePool(pool.xml(0), pool.name()).type();
        return new PoolSummary(pool.name(), UUID.fromString(pool.uuid()), type, info.state() == POOL_RUNNING,
                pool.isPersistent(), pool.autostart(), info.capacity(), info.allocation(), info.available());
    }

    @Override
    public List<PoolSummary> listPools() {
        List<PoolSummary> summaries = new ArrayList<>();
        for (VirStoragePool pool : conn.listAllStoragePools(0)) {
            try (pool) {
                summaries.add(summary(pool));
            } catch (VirtException e) {
                if (!LibvirtError.is(e, LibvirtError.NO_STORAGE_POOL)) {
                    throw e;
                }
            }
        }
        return summaries;
    }

    /** By UUID, then by name, as virsh looks pools up; libvirt's error when neither matches. */
    @Override
    public PoolSummary lookupPool(String uuidOrName) {
        if (uuidOrName.length() == 36) {
            var byUuid = Lookups.optional(LibvirtError.NO_STORAGE_POOL, () -> {
                try (VirStoragePool pool = conn.storagePoolByUuid(uuidOrName)) {
                    return summary(pool);
                }
            });
            if (byUuid.isPresent()) {
                return byUuid.get();
            }
        }
        try (VirStoragePool pool = conn.storagePoolByName(uuidOrName)) {
            return summary(pool);
        }
    }

    private <T> T on(UUID uuid, Function<VirStoragePool, T> call) {
        try (VirStoragePool pool = conn.storagePoolByUuid(uuid.toString())) {
            return call.apply(pool);
        }
    }

    private void run(UUID uuid, Consumer<VirStoragePool> call) {
        on(uuid, pool -> {
            call.accept(pool);
            return null;
        });
    }

    @Override
    public PoolSummary definePool(String xml) {
        try (VirStoragePool pool = conn.defineStoragePool(xml)) {
            return summary(pool);
        }
    }

    @Override
    public void undefinePool(UUID pool) {
        run(pool, VirStoragePool::undefine);
    }

    @Override
    public void startPool(UUID pool) {
        run(pool, VirStoragePool::create);
    }

    @Override
    public void buildPool(UUID pool) {
        run(pool, VirStoragePool::build);
    }

    @Override
    public void refreshPool(UUID pool) {
        run(pool, VirStoragePool::refresh);
    }

    @Override
    public void stopPool(UUID pool) {
        run(pool, VirStoragePool::destroy);
    }

    @Override
    public void setPoolAutostart(UUID pool, boolean autostart) {
        run(pool, p -> p.setAutostart(autostart));
    }

    @Override
    public String poolXml(UUID pool, boolean inactive) {
        return on(pool, p -> p.xml(inactive ? VirStoragePool.XML_INACTIVE : 0));
    }

    private VolumeSummary volume(VirStorageVol volume) {
        VirStorageVol.VolumeInfo info = volume.info();
        String format = storageXml.parseVolume(volume.xml(), volume.name()).format();
        return new VolumeSummary(volume.name(), volume.key(), volume.path(), format, info.capacity(), info.allocation());
    }

    @Override
    public List<VolumeSummary> listVolumes(UUID pool) {
        return on(pool, p -> {
            List<VolumeSummary> volumes = new ArrayList<>();
            for (VirStorageVol volume : p.listAllVolumes()) {
                try (volume) {
                    volumes.add(volume(volume));
                }
            }
            return volumes;
        });
    }

    @Override
    public VolumeSummary createVolume(UUID pool, String xml) {
        return on(pool, p -> {
            try (VirStorageVol volume = p.createVolume(xml)) {
                return volume(volume);
            }
        });
    }

    @Override
    public VolumeSummary cloneVolume(UUID pool, String xml, UUID sourcePool, String sourceVolume) {
        return on(sourcePool, from -> {
            try (VirStorageVol source = from.volumeByName(sourceVolume)) {
                return on(pool, p -> {
                    try (VirStorageVol volume = p.createVolumeFrom(xml, source)) {
                        return volume(volume);
                    }
                });
            }
        });
    }

    @Override
    public void resizeVolume(UUID pool, String volumeName, long capacity, boolean shrink) {
        run(pool, p -> {
            try (VirStorageVol volume = p.volumeByName(volumeName)) {
                volume.resize(capacity, shrink ? VirStorageVol.RESIZE_SHRINK : 0);
            }
        });
    }

    @Override
    public void deleteVolume(UUID pool, String volumeName) {
        run(pool, p -> {
            try (VirStorageVol volume = p.volumeByName(volumeName)) {
                volume.delete();
            }
        });
    }

    @Override
    public String volumeXml(UUID pool, String volumeName) {
        return on(pool, p -> {
            try (VirStorageVol volume = p.volumeByName(volumeName)) {
                return volume.xml();
            }
        });
    }
}
