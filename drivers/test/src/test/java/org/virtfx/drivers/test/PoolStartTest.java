package org.virtfx.drivers.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.virtfx.core.connect.Connection;
import org.virtfx.core.connect.DriverRegistry;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.storage.StorageFamily;

class PoolStartTest {
    @Test
    void aStartThatBuildsIsRefusedAsLibvirtsTestDriverRefusesItButBuildThenStartWorks() {
        try (Connection connection = DriverRegistry.discover().open("test:///default")) {
            StorageFamily storage = connection.storage();
            UUID pool = storage.definePool("<pool type='dir'><name>p4</name><target><path>/var/lib/p4</path></target></pool>")
                    .uuid();
            VirtException e = assertThrows(VirtException.class, () -> storage.startPool(pool, true));
            assertEquals(ErrorCode.INVALID_ARG, e.code());
            assertEquals("unsupported flags (0x1) in function testStoragePoolCreate", e.getMessage());
            assertFalse(storage.lookupPool("p4").active());
            storage.buildPool(pool);
            storage.startPool(pool, false);
            assertTrue(storage.lookupPool("p4").active());
        }
    }
}
