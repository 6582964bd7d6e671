package org.virtfx.plumbing.netdev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.virtfx.core.error.VirtException;

class DeviceNamesTest {

    @Test
    void namesCountUpPerPrefix() {
        DeviceNames names = new DeviceNames();
        assertEquals("vnet0", names.next("vnet"));
        assertEquals("vnet1", names.next("vnet"));
        assertEquals("vpeer0", names.next("vpeer"));
        assertEquals("vnet2", names.next("vnet"));
    }

    @Test
    void reservedNamesAreSkippedAndFreedNumbersNotReused() {
        DeviceNames names = new DeviceNames();
        names.reserve(List.of("vnet7", "vnet3", "eth0", "virbr0", "vnet", "vnetx"));
        assertEquals("vnet8", names.next("vnet"));
        names.reserve("vnet2");
        assertEquals("vnet9", names.next("vnet"), "a lower, freed number is not handed out again");
        assertEquals("virbr1", names.next("virbr"));
    }

    @Test
    void skippingLeapsAheadWithoutHandingOutTheNumbers() {
        DeviceNames names = new DeviceNames();
        assertEquals("vnet0", names.next("vnet"));
        names.skip("vnet", 64);
        assertEquals("vnet65", names.next("vnet"));
    }

    @Test
    void countersWrapBeforeNamesGetLongerThanFifteen() {
        DeviceNames names = new DeviceNames();
        String prefix = "abcdefghijklm"; // 13 characters leave room for 2 digits
        names.reserve(prefix + "98");
        assertEquals(prefix + "99", names.next(prefix));
        assertEquals(prefix + "0", names.next(prefix));
    }

    @Test
    void badPrefixesAreRefused() {
        DeviceNames names = new DeviceNames();
        assertThrows(VirtException.class, () -> names.next(""));
        assertThrows(VirtException.class, () -> names.next("vnet1"));
        assertThrows(VirtException.class, () -> names.next("x".repeat(15)));
    }

    @Test
    void parallelCallersNeverGetTheSameName() throws Exception {
        DeviceNames names = new DeviceNames();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> workers = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                workers.add(pool.submit(() -> {
                    int duplicates = 0;
                    for (int i = 0; i < 1000; i++) {
                        if (!seen.add(names.next("vnet"))) {
                            duplicates++;
                        }
                    }
                    return duplicates;
                }));
            }
            for (Future<Integer> worker : workers) {
                assertEquals(0, worker.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(16_000, seen.size());
        assertTrue(seen.contains("vnet0") && seen.contains("vnet15999"));
    }
}
