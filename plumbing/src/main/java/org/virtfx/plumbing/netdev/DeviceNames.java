package org.virtfx.plumbing.netdev;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/**
 * Generated device names by libvirt's rule ({@code virNetDevGenerateName}): one counter per
 * prefix, advanced under that prefix's lock, so that two of our own workers never get the same
 * name. A number is never handed out twice until the counter wraps, even when its device is
 * gone again: a name that was just freed may still be in use by a slow undo, by a netlink
 * listener, or in a log the user is reading. When a driver starts it calls
 * {@link #reserve(Collection)} with the names its running domains hold, which moves every
 * counter past them ({@code virNetDevReserveName}).
 *
 * <p>Another process may still take a name between our choice and our create; callers such
 * as {@link VethPairs} then ask for the next number, a bounded number of times.
 */
public final class DeviceNames {
    /**
     * The counters of this process. This is shared mutable state on purpose: the point is one
     * lock and one sequence per prefix for every driver in the process, as in libvirt.
     */
    private static final DeviceNames PROCESS = new DeviceNames();

    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    /** Counters of their own, for a test that must not disturb the process's sequence. */
    public DeviceNames() {
    }

    /** The process-wide counters every driver uses. */
    public static DeviceNames process() {
        return PROCESS;
    }

    /**
     * The next name for {@code prefix}: {@code vnet0}, {@code vnet1}... The number wraps to 0
     * after the largest that still fits in 15 characters (or {@code Integer.MAX_VALUE}).
     */
    public String next(String prefix) {
        return counter(prefix).next();
    }

    /**
     * Moves counters past names already in use: {@code vnet7} makes the next {@code vnet}
     * name at least {@code vnet8}. Names that are not a known prefix followed by a number are
     * ignored, as libvirt ignores them.
     */
    public void reserve(Collection<String> names) {
        for (String name : names) {
            reserve(name);
        }
    }

    /** {@link #reserve(Collection)} for one name. */
    public void reserve(String name) {
        int digits = name.length();
        while (digits > 0 && Character.isDigit(name.charAt(digits - 1))) {
            digits--;
        }
        if (digits == name.length() || digits == 0 || name.length() - digits > 10) {
            return;
        }
        long number = Long.parseLong(name.substring(digits));
        Counter counter = counter(name.substring(0, digits));
        if (number <= counter.max) {
            counter.raisePast((int) number);
        }
    }

    /**
     * Another process took a generated name. The first time, move the counters past every
     * name the namespace holds right now (a block of names taken earlier); after that the
     * competitor is evidently still creating, so leap ahead by a distance that doubles with
     * each collision: a rival creating names in sequence cannot keep pace with that. Skipped
     * numbers cost nothing, since numbers are not reused until the counter wraps anyway.
     *
     * @param collisions how many generated names this creation has lost so far
     * @param taken the names the namespace holds, read only on the first collision
     * @param prefixes the generated names' prefixes
     */
    public void skipPastCompetitors(int collisions, Supplier<Collection<String>> taken, String... prefixes) {
        if (collisions == 1) {
            reserve(taken.get());
            return;
        }
        int leap = 1 << Math.min(collisions, 16);
        for (String prefix : prefixes) {
            skip(prefix, leap);
        }
    }

    /**
     * Moves the counter for {@code prefix} {@code count} numbers ahead without handing them
     * out: the way past a competitor that keeps taking names in sequence.
     */
    public void skip(String prefix, int count) {
        if (count > 0) {
            counter(prefix).skip(count);
        }
    }

    private Counter counter(String prefix) {
        if (prefix == null || prefix.isEmpty() || prefix.length() >= DeviceName.MAX_LENGTH
                || Character.isDigit(prefix.charAt(prefix.length() - 1))) {
            throw VirtException.of(ErrorCode.INVALID_ARG, "invalid device name prefix '" + prefix + "'");
        }
        return counters.computeIfAbsent(prefix, Counter::new);
    }

    private static final class Counter {
        private final String prefix;
        private final int max;
        private final ReentrantLock lock = new ReentrantLock();
        /** The number the next name gets. */
        private int next;

        Counter(String prefix) {
            this.prefix = prefix;
            int room = DeviceName.MAX_LENGTH - prefix.length();
            this.max = room >= 10 ? Integer.MAX_VALUE : (int) Math.pow(10, room) - 1;
        }

        String next() {
            lock.lock();
            try {
                int number = next;
                next = number >= max ? 0 : number + 1;
                return prefix + number;
            } finally {
                lock.unlock();
            }
        }

        void skip(int count) {
            lock.lock();
            try {
                long target = (long) next + count;
                next = target > max ? 0 : (int) target;
            } finally {
                lock.unlock();
            }
        }

        void raisePast(int number) {
            lock.lock();
            try {
                if (number >= next) {
                    next = number >= max ? 0 : number + 1;
                }
            } finally {
                lock.unlock();
            }
        }
    }
}
