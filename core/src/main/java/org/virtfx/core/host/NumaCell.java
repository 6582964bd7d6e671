package org.virtfx.core.host;

import java.util.List;

/** One NUMA cell of the host: its memory in KiB and the ids of its CPUs. */
public record NumaCell(int id, long memoryKiB, List<Integer> cpus) {
    public NumaCell {
        cpus = List.copyOf(cpus);
    }
}
