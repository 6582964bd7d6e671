package org.virtfx.core.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtfx.core.domain.DomainStats.DiskIo;
import org.virtfx.core.domain.DomainStats.InterfaceIo;

class DomainStatsTest {

    @Test
    void theGraphsTotalsAddUpEveryDiskAndInterface() {
        DomainStats stats = new DomainStats(DomainState.RUNNING, 1, 1024, 1024, 5,
                List.of(new DiskIo("vda", 3, 300, 1, 100), new DiskIo("vdb", 2, 200, 4, 400)),
                List.of(new InterfaceIo("vnet0", 10, 1, 20, 2), new InterfaceIo("vnet1", 30, 3, 40, 4)));
        assertEquals(500, stats.diskReadBytes());
        assertEquals(500, stats.diskWriteBytes());
        assertEquals(40, stats.networkRxBytes());
        assertEquals(60, stats.networkTxBytes());
    }

    @Test
    void aDriverWithoutIoCountersReportsNone() {
        DomainStats stats = new DomainStats(DomainState.SHUTOFF, 1, 1024, 0, 0);
        assertEquals(List.of(), stats.disks());
        assertEquals(0, stats.diskReadBytes() + stats.networkTxBytes());
    }
}
