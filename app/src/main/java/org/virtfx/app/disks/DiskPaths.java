package org.virtfx.app.disks;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.storage.PoolSummary;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlParser;

/**
 * Whether a disk or media path the person typed names something that exists: a volume of one
 * of the connection's active pools, or a file on this host, where a local driver opens it.
 * Like virt-manager, VirtFX refuses a disk it cannot find rather than defining a guest that
 * will not start. It reads the host and the driver: call it from a background task.
 */
public final class DiskPaths {
    private final Connection connection;

    public DiskPaths(Connection connection) {
        this.connection = connection;
    }

    /** @throws VirtException NO_STORAGE_VOL, in libvirt's words, when {@code path} is neither a volume nor a file */
    public void requireExisting(String path) {
        if (!exists(path)) {
            throw new VirtException(ErrorCode.NO_STORAGE_VOL,
                    "Cannot access storage file '" + path + "': No such file or directory");
        }
    }

    /** The same for a new device: a {@code <disk type='file'>}'s source file must exist. */
    public void requireSourceOf(String deviceXml) {
        XmlElement device = new XmlParser().parse(deviceXml, "(device)");
        if (device.name().equals("disk") && device.attribute("type").orElse("file").equals("file")) {
            device.child("source").flatMap(source -> source.attribute("file")).ifPresent(this::requireExisting);
        }
    }

    boolean exists(String path) {
        return isVolume(path) || isHostFile(path);
    }

    private boolean isVolume(String path) {
        List<PoolSummary> pools;
        try {
            pools = connection.storage().listPools();
        } catch (VirtException e) {
            if (e.code() == ErrorCode.NO_SUPPORT) {
                return false;
            }
            throw e;
        }
        return pools.stream().filter(PoolSummary::active).anyMatch(pool ->
                connection.storage().listVolumes(pool.uuid()).stream().anyMatch(v -> v.path().equals(path)));
    }

    private static boolean isHostFile(String path) {
        try {
            return Files.exists(Path.of(path));
        } catch (InvalidPathException e) {
            return false;
        }
    }
}
