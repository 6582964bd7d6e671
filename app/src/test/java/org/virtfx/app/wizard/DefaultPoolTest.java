package org.virtfx.app.wizard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.DriverChoice;
import org.virtfx.core.connect.DriverRegistry;
import org.virtfx.core.storage.PoolSummary;
import org.virtfx.core.storage.StorageXml;

class DefaultPoolTest {
    private final DefaultPool defaults = new DefaultPool(Map.of("HOME", "/home/ada"));

    @Test
    void theDefaultPoolIsAnActiveAutostartedDirectoryPool(@TempDir Path dir) throws IOException {
        Path node = Files.writeString(dir.resolve("node.xml"), "<node/>\n");
        try (Connection c = DriverRegistry.discover().open("test://" + node, DriverChoice.BUILTIN)) {
            defaults.create(c.storage(), Path.of("/var/lib/libvirt/images"));

            PoolSummary pool = c.storage().lookupPool("default");
            assertTrue(pool.active() && pool.autostart() && pool.persistent(), pool.toString());
            assertEquals("dir", pool.type());
            assertEquals("/var/lib/libvirt/images",
                    new StorageXml().parsePool(c.storage().poolXml(pool.uuid(), false), "default").targetPath());
        }
    }

    @Test
    void aTestNodeWithoutPoolsGetsNoneOfTheHostsFolders(@TempDir Path dir) throws IOException {
        Path node = Files.writeString(dir.resolve("node.xml"), "<node/>\n");
        try (Connection c = DriverRegistry.discover().open("test://" + node, DriverChoice.BUILTIN)) {
            defaults.ensure(c);

            assertEquals(List.of(), c.storage().listPools());
        }
    }

    @Test
    void aHostWithAnActivePoolIsLeftAsItIs() {
        try (Connection c = DriverRegistry.discover().open("test:///default", DriverChoice.BUILTIN)) {
            defaults.ensure(c);

            assertEquals(1, c.storage().listPools().size(), "test:///default keeps its one pool, default-pool");
        }
    }

    @Test
    void aSessionKeepsItsImagesUnderTheUsersDataFolder() {
        assertEquals(Optional.of(Path.of("/home/ada/.local/share/libvirt/images")), defaults.directory("/session"));
        assertEquals(Optional.of(Path.of("/data/ada/libvirt/images")),
                new DefaultPool(Map.of("HOME", "/home/ada", "XDG_DATA_HOME", "/data/ada")).directory("/session"));
        assertEquals(Optional.of(Path.of("/var/lib/libvirt/images")), defaults.directory("/system"));
        assertEquals(Optional.empty(), defaults.directory("/embed"));
    }
}
