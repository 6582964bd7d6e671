package org.virtfx.drivers.libvirt;

import java.util.Optional;
import java.util.function.Supplier;
import org.virtfx.core.error.VirtException;
import org.virtfx.drivers.libvirt.binding.LibvirtError;

/** libvirt's lookups fail with a "not found" error; the families' finders answer empty instead. */
final class Lookups {
    private Lookups() {
    }

    /** The lookup's result, empty when libvirt reports {@code notFound} (such as {@code VIR_ERR_NO_DOMAIN}). */
    static <T> Optional<T> optional(int notFound, Supplier<T> lookup) {
        try {
            return Optional.of(lookup.get());
        } catch (VirtException e) {
            if (LibvirtError.is(e, notFound)) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
