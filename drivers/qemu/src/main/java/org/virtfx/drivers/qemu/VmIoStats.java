package org.virtfx.drivers.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.virtfx.core.domain.DomainStats.DiskIo;
import org.virtfx.core.domain.DomainStats.InterfaceIo;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;
import org.virtfx.core.xml.XmlElement;
import org.virtfx.drivers.qemu.qmp.QmpClient;

/**
 * A running VM's I/O counters, as libvirt's {@code domblkstat} and {@code domifstat} read them:
 * disks from QMP's {@code query-blockstats}, taps from the kernel's counters.
 */
final class VmIoStats {
    private static final Duration QMP_TIMEOUT = Duration.ofSeconds(10);

    private VmIoStats() {
    }

    /**
     * Each disk with a source, named by its target. QEMU names a disk's backend by its device
     * (qdev), and {@code query-block} gives that backend's file, which the live XML's
     * {@code <source>} ties to a target.
     */
    static List<DiskIo> disks(QmpClient qmp, XmlElement liveDomain) {
        Map<String, String> targetBySource = new HashMap<>();
        for (XmlElement disk : liveDomain.child("devices").map(d -> d.children("disk")).orElse(List.of())) {
            String target = disk.child("target").flatMap(t -> t.attribute("dev")).orElse("");
            disk.child("source").flatMap(s -> s.attribute("file").or(() -> s.attribute("dev")))
                    .ifPresent(source -> targetBySource.put(source, target));
        }
        Map<String, String> targetByQdev = new HashMap<>();
        for (JsonNode backend : qmp.execute("query-block", QMP_TIMEOUT)) {
            String target = targetBySource.get(backend.path("inserted").path("file").asText());
            if (target != null) {
                targetByQdev.put(backend.path("qdev").asText(), target);
            }
        }
        List<DiskIo> disks = new ArrayList<>();
        for (JsonNode backend : qmp.execute("query-blockstats", QMP_TIMEOUT)) {
            String target = targetByQdev.get(backend.path("qdev").asText());
            if (target != null) {
                JsonNode s = backend.path("stats");
                disks.add(new DiskIo(target, s.path("rd_operations").asLong(), s.path("rd_bytes").asLong(),
                        s.path("wr_operations").asLong(), s.path("wr_bytes").asLong()));
            }
        }
        return disks;
    }

    /**
     * Each tap's counters from {@code /proc/PID/net/dev} of QEMU's pid: that file shows QEMU's
     * network namespace, where its taps are even when it is not the application's. What the
     * host's tap receives the guest has sent, so the two directions swap, as libvirt swaps them.
     * A {@code user} interface has no tap and no counters.
     */
    static List<InterfaceIo> interfaces(long pid, List<String> taps) {
        if (taps.isEmpty()) {
            return List.of();
        }
        Path file = Path.of("/proc", Long.toString(pid), "net", "dev");
        Map<String, long[]> counters = new HashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    String[] fields = line.substring(colon + 1).trim().split("\\s+");
                    long[] values = new long[fields.length];
                    for (int i = 0; i < fields.length; i++) {
                        values[i] = Long.parseLong(fields[i]);
                    }
                    counters.put(line.substring(0, colon).trim(), values);
                }
            }
        } catch (IOException e) {
            throw VirtException.system("cannot read the interface counters in " + file, e);
        } catch (NumberFormatException e) {
            throw VirtException.of(ErrorCode.INTERNAL_ERROR, "unexpected interface counters in " + file + ": "
                    + e.getMessage());
        }
        List<InterfaceIo> interfaces = new ArrayList<>();
        for (String tap : taps) {
            long[] c = counters.get(tap);
            if (c != null && c.length >= 10) {
                // Fields: receive bytes, packets, errs, drop, fifo, frame, compressed, multicast; transmit bytes, packets...
                interfaces.add(new InterfaceIo(tap, c[8], c[9], c[0], c[1]));
            }
        }
        return interfaces;
    }
}
