package org.virtfx.app.details;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtfx.core.domain.DomainState;
import org.virtfx.core.domain.DomainStats;
import org.virtfx.core.domain.DomainStats.DiskIo;
import org.virtfx.core.domain.DomainStats.InterfaceIo;

/** Disk and network rates on the Performance page, from successive samples of the counters. */
class PerformancePageTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long MIB = 1024 * 1024;

    private final PerformancePage page = new PerformancePage();

    private static DomainStats running(List<DiskIo> disks, List<InterfaceIo> interfaces) {
        return new DomainStats(DomainState.RUNNING, 1, 1 << 20, 1 << 20, 0, disks, interfaces);
    }

    private static DiskIo disk(String target, long read, long written) {
        return new DiskIo(target, 1, read, 1, written);
    }

    private static InterfaceIo nic(String device, long received, long sent) {
        return new InterfaceIo(device, received, 1, sent, 1);
    }

    @Test
    void ratesAreTheBytesMovedBetweenTwoSamplesPerSecond() {
        page.sample(running(List.of(disk("vda", 10 * MIB, 2 * MIB)), List.of(nic("vnet0", 5000, 100))), 0);
        assertEquals(List.of(), page.diskReadRate(), "a rate needs two samples");
        page.sample(running(List.of(disk("vda", 14 * MIB, 3 * MIB)), List.of(nic("vnet0", 5000 + 4 * 3072, 100 + 4 * 1024))),
                4 * SECOND);
        assertEquals(List.of((double) MIB), page.diskReadRate());
        assertEquals(List.of(MIB / 4.0), page.diskWriteRate());
        assertEquals(List.of(3072.0), page.networkRxRate());
        assertEquals(List.of(1024.0), page.networkTxRate());
        assertEquals("1024 KiB/s read, 256 KiB/s write", page.diskTextProperty().get());
        assertEquals("3 KiB/s in, 1 KiB/s out", page.networkTextProperty().get());
    }

    @Test
    void disksAndInterfacesAddUp() {
        page.sample(running(List.of(disk("vda", 0, 0), disk("sda", 0, 0)), List.of(nic("vnet0", 0, 0), nic("vnet1", 0, 0))), 0);
        page.sample(running(List.of(disk("vda", 1024, 0), disk("sda", 2048, 0)),
                List.of(nic("vnet0", 0, 4096), nic("vnet1", 0, 4096))), SECOND);
        assertEquals(List.of(3072.0), page.diskReadRate());
        assertEquals(List.of(8192.0), page.networkTxRate());
    }

    @Test
    void countersThatStartAgainAfterARestartAreNeverNegative() {
        page.sample(running(List.of(disk("vda", 500 * MIB, 80 * MIB)), List.of(nic("vnet0", 90 * MIB, 9 * MIB))), 0);
        // Destroyed and started again between two samples: QEMU counts from zero.
        page.sample(running(List.of(disk("vda", 2 * MIB, MIB)), List.of(nic("vnet3", 4096, 2048))), 2 * SECOND);
        assertEquals(List.of((double) MIB), page.diskReadRate(), "what the new QEMU read since it started");
        assertEquals(List.of(MIB / 2.0), page.diskWriteRate());
        assertEquals(List.of(2048.0), page.networkRxRate(), "a new tap counts from its start");
        assertEquals(List.of(1024.0), page.networkTxRate());
        page.sample(running(List.of(disk("vda", 4 * MIB, MIB)), List.of(nic("vnet3", 4096, 2048))), 4 * SECOND);
        assertEquals((double) MIB, page.diskReadRate().get(1), "and on from there as before");
        assertEquals(0.0, page.networkRxRate().get(1));
    }

    @Test
    void oneDiskStartingAgainDoesNotHideBehindAnothersGrowth() {
        page.sample(running(List.of(disk("vda", 100 * MIB, 0), disk("vdb", 0, 0)), List.of()), 0);
        // vda detached and attached again (counts from zero), vdb read 100 MiB: summed first, the rate would be 0.
        page.sample(running(List.of(disk("vda", MIB, 0), disk("vdb", 100 * MIB, 0)), List.of()), SECOND);
        assertEquals(List.of(101.0 * MIB), page.diskReadRate());
        assertEquals("101.0 MiB/s read, 0 KiB/s write", page.diskTextProperty().get());
    }

    @Test
    void aShutOffGuestMovesNothingAndItsNextStartCountsFromZero() {
        page.sample(running(List.of(disk("vda", 300 * MIB, 0)), List.of()), 0);
        page.sample(new DomainStats(DomainState.SHUTOFF, 1, 1 << 20, 0, 0), SECOND);
        page.sample(running(List.of(disk("vda", 3 * MIB, 0)), List.of()), 4 * SECOND);
        assertEquals(List.of(0.0, (double) MIB), page.diskReadRate(), "3 MiB in the 3 s since the last sample");
        assertEquals("0 KiB/s in, 0 KiB/s out", page.networkTextProperty().get());
    }

    @Test
    void theHistoryKeepsTwoMinutes() {
        for (int i = 0; i <= PerformancePage.HISTORY + 5; i++) {
            page.sample(running(List.of(disk("vda", i * 1024L, 0)), List.of()), i * SECOND);
        }
        assertEquals(PerformancePage.HISTORY, page.diskReadRate().size());
        assertEquals(PerformancePage.HISTORY, page.networkTxRate().size());
    }
}
