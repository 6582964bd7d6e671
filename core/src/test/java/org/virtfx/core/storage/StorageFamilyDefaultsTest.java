package org.virtfx.core.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/** What a storage family gets without writing it: lookups over its lists, start with build, and clear refusals. */
class StorageFamilyDefaultsTest {
    private final List<String> calls = new ArrayList<>();
    private final StorageFamily family = new StorageFamily() {
        @Override
        public String driverName() {
            return "sketch";
        }

        @Override
        public List<VolumeSummary> listVolumes(UUID pool) {
            return List.of(new VolumeSummary("disk.qcow2", "/p/disk.qcow2", "/p/disk.qcow2", "qcow2", 10, 1));
        }

        @Override
        public void buildPool(UUID pool) {
            calls.add("build");
        }

        @Override
        public void startPool(UUID pool) {
            calls.add("start");
        }
    };

    @Test
    void lookupVolumeFindsByNameOrNamesTheMissingOne() {
        assertEquals("qcow2", family.lookupVolume(UUID.randomUUID(), "disk.qcow2").format());
        VirtException missing = assertThrows(VirtException.class, () -> family.lookupVolume(UUID.randomUUID(), "x"));
        assertEquals(ErrorCode.NO_STORAGE_VOL, missing.code());
        assertEquals("Storage volume not found: no storage vol with matching name 'x'", missing.getMessage());
    }

    @Test
    void startWithBuildBuildsFirst() {
        family.startPool(UUID.randomUUID(), true);
        family.startPool(UUID.randomUUID(), false);
        assertEquals(List.of("build", "start", "start"), calls);
    }

    @Test
    void unwrittenOperationsAreRefusedAsUnsupported() {
        UUID pool = UUID.randomUUID();
        for (Runnable call : List.<Runnable>of(() -> family.refreshPool(pool),
                () -> family.resizeVolume(pool, "disk.qcow2", 20, false),
                () -> family.cloneVolume(pool, "<volume/>", pool, "disk.qcow2"))) {
            VirtException refused = assertThrows(VirtException.class, call::run);
            assertEquals(ErrorCode.NO_SUPPORT, refused.code());
        }
    }
}
