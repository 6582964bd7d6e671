package org.virtfx.drivers.qemu.argv;

import java.util.Optional;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/**
 * A disk's {@code <driver error_policy rerror_policy>}: what the guest's disk does on a write
 * and a read error, as QEMU's {@code werror} and {@code rerror} device properties. As libvirt
 * writes them, a read policy left out follows the write policy, except for {@code enospace}
 * (QEMU's {@code enospc}: stop on a full disk, report other errors), which QEMU has for writes only.
 *
 * <p>{@code default} is the same as leaving the attribute out.
 *
 * @param werror QEMU's werror, or null for QEMU's default
 * @param rerror QEMU's rerror, or null for QEMU's default
 */
record DiskErrorPolicy(String werror, String rerror) {
    private static final String[] WRITE = {"stop", "report", "ignore", "enospace"};
    private static final String[] READ = {"stop", "report", "ignore"};

    static DiskErrorPolicy of(Optional<String> error, Optional<String> readError) {
        String write = error.filter(DiskErrorPolicy::chosen).map(v -> checked("error_policy", v, WRITE)).orElse(null);
        String read = readError.filter(DiskErrorPolicy::chosen).map(v -> {
            if (v.equals("enospace")) {
                throw VirtException.of(ErrorCode.CONFIG_UNSUPPORTED,
                        "Setting disk 'rerror_policy' to 'enospace' is not supported");
            }
            return checked("rerror_policy", v, READ);
        }).orElse(null);
        if ("enospace".equals(write)) {
            return new DiskErrorPolicy("enospc", read);
        }
        return new DiskErrorPolicy(write, read != null ? read : write);
    }

    /** 'default' is libvirt's word for leaving the policy to QEMU, as leaving it out does. */
    private static boolean chosen(String policy) {
        return !policy.equals("default");
    }

    private static String checked(String attribute, String value, String[] allowed) {
        for (String a : allowed) {
            if (a.equals(value)) {
                return value;
            }
        }
        throw VirtException.of(ErrorCode.XML_DETAIL, "invalid disk " + attribute + " '" + value
                + "' (one of " + String.join(", ", allowed) + ")");
    }

    /** Puts werror and rerror on the disk's device, last, where libvirt puts them. */
    void putOn(Props device) {
        if (werror != null) {
            device.put("werror", werror);
        }
        if (rerror != null) {
            device.put("rerror", rerror);
        }
    }
}
