package org.virtfx.app.capability;

import java.util.Optional;
import java.util.function.Supplier;
import org.virtfx.core.error.ErrorCode;
import org.virtfx.core.error.VirtException;

/**
 * Calls a driver for something a window can do without: a driver that does not offer it
 * ({@link ErrorCode#NO_SUPPORT}, as the LXC driver for host facts and storage) yields empty, so
 * the window leaves that part out instead of failing. Any other error still fails.
 */
public final class DriverSupport {
    private DriverSupport() {
    }

    public static <T> Optional<T> ifSupported(Supplier<T> call) {
        try {
            return Optional.ofNullable(call.get());
        } catch (VirtException e) {
            if (e.code() == ErrorCode.NO_SUPPORT) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
