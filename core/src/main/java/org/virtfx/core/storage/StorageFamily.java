package org.virtfx.core.storage;

import java.util.List;
import java.util.UUID;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/** Storage pools and their volumes. Every default fails as unsupported. */
public interface StorageFamily {

    String driverName();

    default List<PoolSummary> listPools() {
        throw VirtException.unsupported(driverName(), "list storage pools");
    }

    /**
     * Finds a pool by UUID or name.
     *
     * @throws VirtException {@link ErrorCode#NO_STORAGE_POOL} when nothing matches
     */
    default PoolSummary lookupPool(String uuidOrName) {
        return listPools().stream()
                .filter(p -> p.uuid().toString().equalsIgnoreCase(uuidOrName) || p.name().equals(uuidOrName))
                .findFirst()
                .orElseThrow(() -> VirtException.of(ErrorCode.NO_STORAGE_POOL,
                        "no storage pool with matching name '" + uuidOrName + "'"));
    }

    default PoolSummary definePool(String xml) {
        throw VirtException.unsupported(driverName(), "pool-define");
    }

    default void undefinePool(UUID pool) {
        throw VirtException.unsupported(driverName(), "pool-undefine");
    }

    default void startPool(UUID pool) {
        throw VirtException.unsupported(driverName(), "pool-start");
    }

    default void stopPool(UUID pool) {
        throw VirtException.unsupported(driverName(), "pool-destroy");
    }

    default void setPoolAutostart(UUID pool, boolean autostart) {
        throw VirtException.unsupported(driverName(), "pool-autostart");
    }

    default String poolXml(UUID pool, boolean inactive) {
        throw VirtException.unsupported(driverName(), "pool-dumpxml");
    }

    default List<VolumeSummary> listVolumes(UUID pool) {
        throw VirtException.unsupported(driverName(), "vol-list");
    }

    default VolumeSummary createVolume(UUID pool, String xml) {
        throw VirtException.unsupported(driverName(), "vol-create");
    }

    default void deleteVolume(UUID pool, String volumeName) {
        throw VirtException.unsupported(driverName(), "vol-delete");
    }

    default String volumeXml(UUID pool, String volumeName) {
        throw VirtException.unsupported(driverName(), "vol-dumpxml");
    }
}
