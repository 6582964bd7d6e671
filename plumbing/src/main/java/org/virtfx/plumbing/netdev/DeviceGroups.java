package org.virtfx.plumbing.netdev;

import java.security.SecureRandom;

/**
 * Device groups for batch deletion. Linux deletes every device of a group in one request
 * ({@code RTM_DELLINK} with {@code IFLA_GROUP}); a random group from the upper half of the
 * 32-bit space keeps us clear of the small numbers people assign by hand and of other batches.
 */
final class DeviceGroups {
    private static final SecureRandom RANDOM = new SecureRandom();

    private DeviceGroups() {
    }

    static int fresh() {
        return 0x40000000 | RANDOM.nextInt(0x40000000);
    }
}
