package org.virtfx.drivers.qemu;

import java.util.List;
import java.util.function.BiFunction;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.storage.PoolSummary;
import org.virtfx.core.storage.StorageFamily;
import org.virtfx.core.xml.XmlElement;

/**
 * Disks that name a pool and a volume ({@code <disk type='volume'>}) turned into the file disks
 * QEMU opens, as libvirt translates them when a domain starts (and not when it is defined: the
 * pool may come later). Only directory pools back them here, the only kind this driver has.
 * The domain's definition keeps naming the volume; only the copy a command line is built from
 * (or snapshots find images in) holds the path.
 */
final class VolumeDisks {
    private final StorageFamily pools;

    VolumeDisks(StorageFamily pools) {
        this.pools = pools;
    }

    /** Turns each volume disk of {@code domain} into a file disk at the volume's path, with libvirt's errors. */
    XmlElement resolve(XmlElement domain) {
        return rewrite(domain, this::path);
    }

    /**
     * For a look at a running VM (its disks' I/O counters, which QEMU gives by the file it
     * opened): each volume disk whose pool and volume can be found now becomes a file disk at the
     * volume's path; one whose pool has gone since the start stays as it is, matching nothing.
     */
    XmlElement resolveFound(XmlElement domain) {
        return rewrite(domain, (pool, volume) -> {
            try {
                return path(pool, volume);
            } catch (VirtException gone) {
                return null;
            }
        });
    }

    /**
     * Turns each volume disk into a file disk at a stand-in path, so that a define checks the
     * rest of the disk as a start would without needing the pool yet.
     */
    static XmlElement placeholders(XmlElement domain) {
        return rewrite(domain, (pool, volume) -> "/" + pool + "/" + volume);
    }

    /** @param path the file of a pool's volume, or null to leave that disk as it is */
    private static XmlElement rewrite(XmlElement domain, BiFunction<String, String, String> path) {
        List<XmlElement> disks = domain.child("devices").map(d -> d.children("disk")).orElse(List.of());
        for (XmlElement disk : disks) {
            if (!disk.attribute("type").filter("volume"::equals).isPresent()) {
                continue;
            }
            XmlElement source = disk.child("source").orElse(null);
            if (source == null) {
                // An empty CD-ROM names no volume: a file disk without a source is the same.
                disk.setAttribute("type", "file");
                continue;
            }
            String pool = source.attribute("pool").orElse(null);
            String volume = source.attribute("volume").orElse(null);
            if (pool == null || volume == null) {
                throw VirtException.of(ErrorCode.XML_ERROR,
                        "'pool' and 'volume' must be specified together for 'pool' type source");
            }
            String file = path.apply(pool, volume);
            if (file == null) {
                continue;
            }
            disk.setAttribute("type", "file");
            source.removeAttribute("pool").removeAttribute("volume").removeAttribute("mode");
            source.setAttribute("file", file);
        }
        return domain;
    }

    private String path(String poolName, String volumeName) {
        PoolSummary pool = pools.lookupPool(poolName);
        if (!pool.active()) {
            throw VirtException.of(ErrorCode.OPERATION_INVALID, "storage pool '" + poolName
                    + "' containing volume '" + volumeName + "' is not active");
        }
        if (!pool.type().equals("dir")) {
            throw VirtException.of(ErrorCode.CONFIG_UNSUPPORTED, "using '" + pool.type()
                    + "' pools for backing 'volume' disks isn't yet supported");
        }
        return pools.lookupVolume(pool.uuid(), volumeName).path();
    }
}
