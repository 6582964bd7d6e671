package org.virtfx.core.domain;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.storage.PoolSummary;
import org.virtfx.core.storage.StorageFamily;
import org.virtfx.core.storage.VolumeSummary;

/**
 * Which disk paths are volumes of the connection's active storage pools ("managed storage",
 * in virt-manager's words): those a clone can copy and a delete can remove through the driver.
 * Paths elsewhere are files the driver does not manage.
 */
public final class DiskVolumes {
    private final Map<String, Volume> byPath;

    /** A volume and the pool it lives in. */
    public record Volume(UUID pool, String poolName, VolumeSummary summary) {
    }

    private DiskVolumes(Map<String, Volume> byPath) {
        this.byPath = Map.copyOf(byPath);
    }

    /** Reads every active pool's volumes; a driver without storage has none. */
    public static DiskVolumes read(StorageFamily storage) {
        Map<String, Volume> found = new HashMap<>();
        try {
            for (PoolSummary pool : storage.listPools()) {
                if (pool.active()) {
                    for (VolumeSummary volume : storage.listVolumes(pool.uuid())) {
                        found.put(volume.path(), new Volume(pool.uuid(), pool.name(), volume));
                    }
                }
            }
        } catch (VirtException e) {
            if (e.code() != ErrorCode.NO_SUPPORT) {
                throw e;
            }
        }
        return new DiskVolumes(found);
    }

    public Optional<Volume> at(String path) {
        return Optional.ofNullable(byPath.get(path));
    }

    /** Every volume's path: a new file must not take one of them. */
    public java.util.Set<String> paths() {
        return byPath.keySet();
    }
}
