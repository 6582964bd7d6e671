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

    /**
     * Starts a pool, first making what it needs on the host (for a directory pool, the
     * directory) when {@code build} is true, as {@code virsh pool-start --build}.
     */
    default void startPool(UUID pool, boolean build) {
        if (build) {
            buildPool(pool);
        }
        startPool(pool);
    }

    /** Makes what an inactive pool needs on the host, as {@code virsh pool-build}. */
    default void buildPool(UUID pool) {
        throw VirtException.unsupported(driverName(), "pool-build");
    }

    /** Reads an active pool's volumes and sizes again, as {@code virsh pool-refresh}. */
    default void refreshPool(UUID pool) {
        throw VirtException.unsupported(driverName(), "pool-refresh");
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

    /**
     * One volume of an active pool, with its sizes as they are now ({@code virsh vol-info}).
     *
     * @throws VirtException {@link ErrorCode#NO_STORAGE_VOL} when the pool has no such volume
     */
    default VolumeSummary lookupVolume(UUID pool, String volumeName) {
        return listVolumes(pool).stream().filter(v -> v.name().equals(volumeName)).findFirst()
                .orElseThrow(() -> VirtException.of(ErrorCode.NO_STORAGE_VOL,
                        "no storage vol with matching name '" + volumeName + "'"));
    }

    /**
     * A new volume described by {@code xml} whose content is a copy of another volume's, converted
     * to the new volume's format when they differ ({@code virsh vol-clone}, {@code vol-create-from}).
     */
    default VolumeSummary cloneVolume(UUID pool, String xml, UUID sourcePool, String sourceVolume) {
        throw VirtException.unsupported(driverName(), "vol-create-from");
    }

    /**
     * Changes a volume's capacity to {@code capacity} bytes ({@code virsh vol-resize}); a smaller
     * capacity is refused unless {@code shrink}, since it cuts off the guest's data.
     */
    default void resizeVolume(UUID pool, String volumeName, long capacity, boolean shrink) {
        throw VirtException.unsupported(driverName(), "vol-resize");
    }

    default void deleteVolume(UUID pool, String volumeName) {
        throw VirtException.unsupported(driverName(), "vol-delete");
    }

    default String volumeXml(UUID pool, String volumeName) {
        throw VirtException.unsupported(driverName(), "vol-dumpxml");
    }
}
