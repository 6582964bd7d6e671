package org.virtfx.drivers.libvirt;

import java.time.Duration;

/**
 * How libvirt watches the daemon behind a connection: a probe after {@code intervalSeconds}
 * without a message from it, and the connection closed after {@code count} probes unanswered.
 */
record Keepalive(int intervalSeconds, int count) {
    /** virsh's interval; three probes, so a dead or hung daemon is noticed within 20 seconds. */
    static final Keepalive USUAL = new Keepalive(5, 3);

    Keepalive {
        if (intervalSeconds < 1 || count < 1) {
            throw new IllegalArgumentException("keepalive needs an interval and a count of at least 1");
        }
    }

    /** The longest a daemon can be silent before libvirt closes the connection. */
    Duration limit() {
        return Duration.ofSeconds((long) intervalSeconds * (count + 1));
    }
}
