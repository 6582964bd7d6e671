package org.virtfx.app.details;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.virtfx.core.domain.DomainStats;

/**
 * Bytes per second a domain's disks and interfaces moved between two samples, counted device
 * by device: a counter that went back (QEMU restarted with the domain, a device plugged in
 * again) started from zero within the interval, so its whole value is what it moved since; a
 * device the earlier sample lacked counts the same way. Summed first, one disk's reset would
 * hide behind another's growth.
 */
record IoRates(double diskRead, double diskWrite, double networkRx, double networkTx) {
    static final IoRates NONE = new IoRates(0, 0, 0, 0);

    static IoRates between(DomainStats before, DomainStats after, double seconds) {
        return new IoRates(
                moved(before.disks(), after.disks(), DomainStats.DiskIo::target, DomainStats.DiskIo::readBytes) / seconds,
                moved(before.disks(), after.disks(), DomainStats.DiskIo::target, DomainStats.DiskIo::writeBytes) / seconds,
                moved(before.interfaces(), after.interfaces(), DomainStats.InterfaceIo::device,
                        DomainStats.InterfaceIo::rxBytes) / seconds,
                moved(before.interfaces(), after.interfaces(), DomainStats.InterfaceIo::device,
                        DomainStats.InterfaceIo::txBytes) / seconds);
    }

    private static <T> long moved(List<T> before, List<T> after, Function<T, String> name, ToLongFunction<T> counter) {
        Map<String, Long> earlier = new HashMap<>();
        for (T device : before) {
            earlier.put(name.apply(device), counter.applyAsLong(device));
        }
        long total = 0;
        for (T device : after) {
            long now = counter.applyAsLong(device);
            Long then = earlier.get(name.apply(device));
            total += then == null || now < then ? now : now - then;
        }
        return total;
    }
}
