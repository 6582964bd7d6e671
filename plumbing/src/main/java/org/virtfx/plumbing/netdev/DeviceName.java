package org.virtfx.plumbing.netdev;

import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/**
 * The kernel's rule for a device name ({@code dev_valid_name()}): 1 to 15 bytes
 * ({@code IFNAMSIZ} less the NUL), not "." or "..", and no '/', ':' or white space. Checked
 * before any request so a bad name gets a clear message instead of EINVAL.
 */
final class DeviceName {
    static final int MAX_LENGTH = 15;

    private DeviceName() {
    }

    static String require(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_LENGTH || name.equals(".") || name.equals("..")
                || !name.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '/' && c != ':')) {
            throw VirtException.of(ErrorCode.INVALID_ARG, "invalid network device name '" + name
                    + "': 1 to 15 printable ASCII characters without '/', ':' or spaces");
        }
        return name;
    }
}
