package org.virtfx.app.wizard;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.Feature;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.storage.PoolSummary;
import org.virtfx.core.storage.StorageFamily;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.core.xml.XmlFormat;

/**
 * virt-manager's default storage pool: when the New VM wizard opens on a system or session
 * connection that has storage pools but no active one, and none named "default", it defines a directory pool
 * "default" where libvirt keeps images (the system's {@code /var/lib/libvirt/images}, or
 * {@code ~/.local/share/libvirt/images} for a session), builds, starts and autostarts it, so a
 * new machine's disk has somewhere to go without a trip to Connection Details first.
 */
final class DefaultPool {
    static final String NAME = "default";
    private static final System.Logger LOG = System.getLogger(DefaultPool.class.getName());

    private final Map<String, String> environment;

    DefaultPool(Map<String, String> environment) {
        this.environment = environment;
    }

    /** Makes the pool when the connection lacks one; a failure is logged and leaves the wizard without a pool. */
    void ensure(Connection connection) {
        if (!connection.supports(Feature.STORAGE_POOLS)) {
            return;
        }
        List<PoolSummary> pools = connection.storage().listPools();
        if (pools.stream().noneMatch(p -> p.active() || p.name().equals(NAME))) {
            directory(connection.uri().path()).ifPresent(directory -> create(connection.storage(), directory));
        }
    }

    void create(StorageFamily storage, Path directory) {
        try {
            PoolSummary pool = storage.definePool(XmlFormat.format(new XmlElement("pool").setAttribute("type", "dir")
                    .append(new XmlElement("name").setText(NAME))
                    .append(new XmlElement("target").append(new XmlElement("path").setText(directory.toString())))));
            // Built, then started: libvirt's test driver refuses a start that builds.
            storage.buildPool(pool.uuid());
            storage.startPool(pool.uuid());
            storage.setPoolAutostart(pool.uuid(), true);
        } catch (VirtException e) {
            LOG.log(System.Logger.Level.WARNING, "could not create the default storage pool in " + directory + ": "
                    + e.getMessage());
        }
    }

    /**
     * Where libvirt keeps images: per user for a session connection, the system's folder for a
     * system one; none for other connections (an embedded root, a test node), whose images are
     * not the host's.
     */
    Optional<Path> directory(String uriPath) {
        if (uriPath.equals("/system")) {
            return Optional.of(Path.of("/var/lib/libvirt/images"));
        }
        if (!uriPath.equals("/session")) {
            return Optional.empty();
        }
        String data = environment.getOrDefault("XDG_DATA_HOME", "");
        Path base = data.isEmpty() ? Path.of(environment.getOrDefault("HOME", "/"), ".local", "share") : Path.of(data);
        return Optional.of(base.resolve("libvirt").resolve("images"));
    }
}
