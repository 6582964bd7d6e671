package org.virtfx.core.domain;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.Feature;
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

    /** Reads every active pool's volumes; a connection without storage pools has none. */
    public static DiskVolumes read(Connection connection) {
        Map<String, Volume> found = new HashMap<>();
        if (connection.supports(Feature.STORAGE_POOLS)) {
            StorageFamily storage = connection.storage();
            for (PoolSummary pool : storage.listPools()) {
                if (pool.active()) {
                    for (VolumeSummary volume : storage.listVolumes(pool.uuid())) {
                        found.put(volume.path(), new Volume(pool.uuid(), pool.name(), volume));
                    }
                }
            }
        }
        return new DiskVolumes(found);
    }

    public Optional<Volume> at(String path) {
        return Optional.ofNullable(byPath.get(path));
    }

    /** Every volume's path: a new file must not take one of them. */
    public Set<String> paths() {
        return byPath.keySet();
    }
}
